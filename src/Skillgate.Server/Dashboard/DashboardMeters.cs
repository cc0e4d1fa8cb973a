using System.Diagnostics.Metrics;
using Skillgate.Telemetry;

namespace Skillgate.Server.Dashboard;

/// <summary>
/// Listens to the gateway's own instruments while someone watches the dashboard (created on the first watcher,
/// disposed after the last): latency and time-to-first-token samples of the current second, tokens by tenant and by
/// model, and counts of upstream 429/529s, retries, breaker openings and shed requests. Only this gateway's meters
/// (those of its <see cref="IMeterFactory"/>) are heard.
/// </summary>
internal sealed class DashboardMeters : IDisposable
{
    // Samples kept per second for percentiles; past this, reservoir sampling keeps a uniform subset.
    private const int MaxSamples = 2048;

    private readonly Lock _gate = new();
    private readonly MeterListener _listener = new();
    private readonly SampleWindow _latency = new(MaxSamples);
    private readonly SampleWindow _ttft = new(MaxSamples);
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<(bool ByTenant, string Name), long[]> _tokens = [];

    public DashboardMeters(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && Classify(instrument) is { } kind)
            {
                listener.EnableMeasurementEvents(instrument, kind);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record((Kind)state!, value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record((Kind)state!, value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Record((Kind)state!, value, tags));
        _listener.Start();
    }

    private enum Kind
    {
        Latency,
        TimeToFirstToken,
        Tokens,
        UpstreamErrors,
        Retries,
        Circuit,
        Admissions,
    }

    /// <summary>Takes the second's samples and the running totals.</summary>
    public DashboardReading Read()
    {
        lock (_gate)
        {
            var tokens = _tokens
                .Select(t => new DashboardTokens(t.Key.ByTenant ? "tenant" : "model", t.Key.Name, t.Value[0], t.Value[1]))
                .OrderBy(t => t.Group, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)
                .ToList();
            return new DashboardReading(_latency.TakePercentiles(), _ttft.TakePercentiles(), new Dictionary<string, long>(_counts, StringComparer.Ordinal), tokens);
        }
    }

    public void Dispose() => _listener.Dispose();

    // The instruments by name. Renamed instruments must be renamed here too (the dashboard tests fail when one is missed).
    private static Kind? Classify(Instrument instrument) => (instrument.Meter.Name, instrument.Name) switch
    {
        (SkillgateTelemetry.GatewayName, "skillgate.gateway.request.duration") => Kind.Latency,
        (SkillgateTelemetry.GatewayName, var name) when name.Contains("time_to_first", StringComparison.Ordinal) => Kind.TimeToFirstToken,
        (_, "gen_ai.client.token.usage") => Kind.Tokens,
        (SkillgateTelemetry.PipelineName, "skillgate.upstream.errors") => Kind.UpstreamErrors,
        (SkillgateTelemetry.PipelineName, "skillgate.upstream.retries") => Kind.Retries,
        (SkillgateTelemetry.PipelineName, "skillgate.upstream.circuit.transitions") => Kind.Circuit,
        (SkillgateTelemetry.SchedulerName, "skillgate.scheduler.admissions") => Kind.Admissions,
        _ => null,
    };

    private void Record(Kind kind, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            switch (kind)
            {
                case Kind.Latency when Tag(tags, "http.route") == "/v1/messages":
                    _latency.Add(value);
                    Count("requests", 1);
                    break;
                case Kind.TimeToFirstToken:
                    _ttft.Add(value);
                    break;
                case Kind.Tokens:
                    AddTokens(value, tags);
                    break;
                case Kind.UpstreamErrors when Tag(tags, "http.response.status_code") is "429" or "529" or "503":
                    Count("upstream_" + Tag(tags, "http.response.status_code"), (long)value);
                    break;
                case Kind.Retries:
                    Count("retries", (long)value);
                    break;
                case Kind.Circuit when Tag(tags, "skillgate.circuit.state") == "open":
                    Count("breaker_opened", (long)value);
                    break;
                case Kind.Admissions when Tag(tags, "skillgate.scheduler.outcome") is "rejected" or "expired":
                    Count("shed", (long)value);
                    break;
            }
        }
    }

    private void AddTokens(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var type = Tag(tags, "gen_ai.token.type") == "output" ? 1 : 0;
        var tenant = Tag(tags, "skillgate.tenant");
        var model = Tag(tags, "gen_ai.request.model") ?? Tag(tags, "gen_ai.response.model");
        // An instrument tagged with the tenant feeds the tenant table (with the model when it carries that too);
        // one tagged with the model only feeds the model table, so no token is counted twice in one table.
        var key = tenant is not null ? (true, model is null ? tenant : $"{tenant} · {model}") : model is not null ? (false, model) : ((bool, string)?)null;
        if (key is { } k)
        {
            if (!_tokens.TryGetValue(k, out var sums))
            {
                _tokens[k] = sums = new long[2];
            }

            sums[type] += (long)value;
        }
    }

    private void Count(string name, long delta) => _counts[name] = _counts.GetValueOrDefault(name) + delta;

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (string.Equals(tag.Key, name, StringComparison.Ordinal))
            {
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
