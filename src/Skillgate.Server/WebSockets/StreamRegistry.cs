using System.Collections.Concurrent;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.WebSockets;

/// <summary>
/// Every WebSocket stream by id, kept for the resume window after its socket went away or it finished;
/// a sweep drops expired ones and cancels their upstream read if it is still going.
/// </summary>
internal sealed class StreamRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, ResumableStream> _streams = new(StringComparer.Ordinal);
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    public StreamRegistry(GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _window = options.WebSocket.ResumeWindow;
        _time = time;
        var period = TimeSpan.FromTicks(Math.Clamp(_window.Ticks / 2, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(5).Ticks));
        _sweep = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    public int Count => _streams.Count;

    /// <summary>The bytes of frames all streams keep for a resume.</summary>
    public long KeptBytes => _streams.Values.Sum(s => s.KeptBytes);

    public ResumableStream Create(string tenant)
    {
        var stream = new ResumableStream("ws_" + RequestIds.New()[7..], tenant, _time);
        _streams[stream.Id] = stream;
        return stream;
    }

    public ResumableStream? Find(string id, string tenant) =>
        _streams.TryGetValue(id, out var stream) && string.Equals(stream.Tenant, tenant, StringComparison.Ordinal) ? stream : null;

    public void Sweep()
    {
        foreach (var (id, stream) in _streams)
        {
            if (stream.IdleFor > _window && _streams.TryRemove(id, out _))
            {
                stream.Cancellation.Cancel();
            }
        }
    }

    public void Dispose()
    {
        _sweep.Dispose();
        foreach (var stream in _streams.Values)
        {
            stream.Cancellation.Cancel();
        }

        _streams.Clear();
    }
}
