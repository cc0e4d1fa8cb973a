using System.Diagnostics.Metrics;
using Skillgate.Telemetry;

namespace Skillgate.Server.Metrics;

/// <summary>The gateway's instruments, on one meter from <see cref="IMeterFactory"/>.</summary>
internal sealed class GatewayMetrics
{
    public const string TenantTag = "skillgate.tenant";
    public const string RouteTag = "http.route";
    public const string StatusTag = "http.response.status_code";
    public const string ErrorTypeTag = "error.type";
    public const string TransportTag = "skillgate.transport";
    public const string TokenTypeTag = "gen_ai.token.type";

    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _overhead;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<long> _tokens;
    private readonly UpDownCounter<long> _streams;
    private readonly Counter<long> _errors;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(SkillgateTelemetry.GatewayName);
        _duration = meter.CreateHistogram<double>("skillgate.gateway.request.duration", "s", "Time from a request's arrival to the end of its response.");
        _overhead = meter.CreateHistogram<double>("skillgate.gateway.overhead", "s", "Time spent in the gateway before the first response byte, upstream wait excluded.");
        _timeToFirstToken = meter.CreateHistogram<double>("gen_ai.server.time_to_first_token", "s", "Time from a request's arrival to its first token (the first event that means content is flowing).");
        _tokens = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Tokens in and out, as the upstream reported them.");
        _streams = meter.CreateUpDownCounter<long>("skillgate.gateway.streams.active", "{stream}", "Streams in flight.");
        _errors = meter.CreateCounter<long>("skillgate.gateway.errors", "{error}", "Errors answered, by kind.");
    }

    public void RequestDone(string route, int status, string tenant, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds, new(RouteTag, route), new(StatusTag, status), new(TenantTag, tenant));

    public void Overhead(TimeSpan overhead) => _overhead.Record(overhead.TotalSeconds);

    public void TimeToFirstToken(TimeSpan elapsed, string transport) => _timeToFirstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(TransportTag, transport));

    public void Tokens(long input, long output, string tenant)
    {
        if (input > 0)
        {
            _tokens.Record(input, new(TokenTypeTag, "input"), new(TenantTag, tenant));
        }

        if (output > 0)
        {
            _tokens.Record(output, new(TokenTypeTag, "output"), new(TenantTag, tenant));
        }
    }

    public void StreamOpened(string transport) => _streams.Add(1, new KeyValuePair<string, object?>(TransportTag, transport));

    public void StreamClosed(string transport) => _streams.Add(-1, new KeyValuePair<string, object?>(TransportTag, transport));

    public void Error(string errorType) => _errors.Add(1, new KeyValuePair<string, object?>(ErrorTypeTag, errorType));
}
