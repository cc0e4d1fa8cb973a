using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Skillgate.Telemetry;

namespace Skillgate.Server.Dashboard;

/// <summary>
/// The gateway's up-down counters — streams in flight by transport, client connections (Kestrel's) and upstream
/// connections — summed from the start, so that a dashboard opened later shows the true level. One add per stream or
/// connection opened or closed is all it costs while nobody watches.
/// </summary>
internal sealed class DashboardGauges : IHostedService, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _levels = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DashboardGauges(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && Name(instrument) is { } name)
            {
                listener.EnableMeasurementEvents(instrument, name);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Add((string)state!, value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Add((string)state!, value, tags));
        _listener.Start();
    }

    /// <summary>The levels now: <c>streams.sse</c>, <c>streams.websocket</c>, <c>connections.client</c>, <c>connections.upgraded</c>, <c>connections.upstream</c>.</summary>
    public Dictionary<string, long> Read()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_levels, StringComparer.Ordinal);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private static string? Name(Instrument instrument) => (instrument.Meter.Name, instrument.Name) switch
    {
        (SkillgateTelemetry.GatewayName, "skillgate.gateway.streams.active") => "streams",
        (SkillgateTelemetry.PipelineName, "skillgate.upstream.connections.open") => "connections.upstream",
        (_, "kestrel.active_connections") => "connections.client",
        (_, "kestrel.active_upgraded_connections") => "connections.upgraded",
        _ => null,
    };

    private void Add(string name, long delta, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (name == "streams")
        {
            name = "streams.unknown";
            foreach (var tag in tags)
            {
                if (tag.Key == "skillgate.transport" && tag.Value is string transport)
                {
                    name = "streams." + transport;
                }
            }
        }

        lock (_gate)
        {
            _levels[name] = _levels.GetValueOrDefault(name) + delta;
        }
    }
}
