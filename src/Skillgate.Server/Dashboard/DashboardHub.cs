using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Threading.Channels;
using Skillgate.Scheduling;

namespace Skillgate.Server.Dashboard;

/// <summary>
/// Feeds the dashboard's watchers: while at least one is subscribed, a timer builds one frame a second — the
/// scheduler's snapshot, the gauges and what <see cref="DashboardMeters"/> heard — serializes it once and offers it to
/// every watcher (a slow watcher skips frames, it never holds the others up). With no watcher there is no timer and no
/// listener: nothing is computed.
/// </summary>
internal sealed class DashboardHub : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Points kept for the charts: the last two minutes.
    private const int HistoryLength = 120;

    private readonly Lock _gate = new();
    private readonly List<Channel<byte[]>> _watchers = [];
    private readonly Queue<DashboardPoint> _points = new();
    private readonly IMeterFactory _meterFactory;
    private readonly DashboardGauges _gauges;
    private readonly IRequestScheduler? _scheduler;
    private readonly TimeProvider _time;
    private ITimer? _timer;
    private DashboardMeters? _meters;
    private IReadOnlyDictionary<string, long> _lastCounts = new Dictionary<string, long>();
    private int _ticking;

    public DashboardHub(IMeterFactory meterFactory, DashboardGauges gauges, TimeProvider time, IServiceProvider services)
    {
        _meterFactory = meterFactory;
        _gauges = gauges;
        _time = time;
        _scheduler = (IRequestScheduler?)services.GetService(typeof(IRequestScheduler));
    }

    /// <summary>The number of watchers now.</summary>
    public int Watchers
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Adds a watcher; the first one starts the listener and the timer (a first frame at once).</summary>
    public ChannelReader<byte[]> Subscribe()
    {
        var channel = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _watchers.Add(channel);
            if (_watchers.Count == 1)
            {
                _meters = new DashboardMeters(_meterFactory);
                _timer = _time.CreateTimer(static s => ((DashboardHub)s!).Tick(), this, TimeSpan.Zero, Interval);
            }
        }

        return channel.Reader;
    }

    /// <summary>Removes a watcher; after the last one, the timer and the listener go.</summary>
    public void Unsubscribe(ChannelReader<byte[]> reader)
    {
        lock (_gate)
        {
            _watchers.RemoveAll(c => c.Reader == reader);
            if (_watchers.Count == 0)
            {
                Stop();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _watchers.Clear();
            Stop();
        }
    }

    private void Stop()
    {
        _timer?.Dispose();
        _timer = null;
        _meters?.Dispose();
        _meters = null;
        _points.Clear();
        _lastCounts = new Dictionary<string, long>();
    }

    private void Tick()
    {
        // A slow tick is skipped rather than run twice at once.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            byte[] frame;
            Channel<byte[]>[] watchers;
            lock (_gate)
            {
                if (_meters is null)
                {
                    return;
                }

                frame = JsonSerializer.SerializeToUtf8Bytes(Build(_meters.Read()), DashboardJsonContext.Default.DashboardFrame);
                watchers = [.. _watchers];
            }

            foreach (var watcher in watchers)
            {
                watcher.Writer.TryWrite(frame);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private DashboardFrame Build(DashboardReading reading)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var snapshot = _scheduler?.TakeSnapshot();
        var gauges = _gauges.Read();
        long Delta(string name) => reading.Counts.GetValueOrDefault(name) - _lastCounts.GetValueOrDefault(name);
        _points.Enqueue(new DashboardPoint(
            now,
            reading.Latency,
            reading.TimeToFirstToken,
            Delta("requests"),
            Delta("upstream_429"),
            Delta("upstream_529"),
            Delta("retries"),
            snapshot?.Queue.Sum(q => q.Waiting) ?? 0,
            gauges.Where(g => g.Key.StartsWith("streams.", StringComparison.Ordinal)).Sum(g => g.Value)));
        while (_points.Count > HistoryLength)
        {
            _points.Dequeue();
        }

        _lastCounts = reading.Counts;
        return new DashboardFrame(now, snapshot, gauges, reading.Counts, reading.Tokens, [.. _points]);
    }
}
