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
    public const string OperationTag = "gen_ai.operation.name";
    public const string ProviderTag = "gen_ai.provider.name";
    public const string ModelTag = "gen_ai.request.model";

    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _overhead;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly UpDownCounter<long> _streams;
    private readonly Counter<long> _errors;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(SkillgateTelemetry.GatewayName);
        _duration = meter.CreateHistogram<double>("skillgate.gateway.request.duration", "s", "Time from a request's arrival to the end of its response.");
        _overhead = meter.CreateHistogram<double>("skillgate.gateway.overhead", "s", "Time spent in the gateway before the first response byte, upstream wait excluded.");
        _timeToFirstToken = meter.CreateHistogram<double>("gen_ai.server.time_to_first_token", "s", "Time from a request's arrival to its first token (the first event that means content is flowing).");
        _streams = meter.CreateUpDownCounter<long>("skillgate.gateway.streams.active", "{stream}", "Streams in flight.");
        _errors = meter.CreateCounter<long>("skillgate.gateway.errors", "{error}", "Errors answered, by kind.");
    }

    public void RequestDone(string route, int status, string tenant, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds, new(RouteTag, route), new(StatusTag, status), new(TenantTag, tenant));

    public void Overhead(TimeSpan overhead) => _overhead.Record(overhead.TotalSeconds);

    /// <summary>
    /// The gateway's own time to first token, from the request's arrival (the gateway is the GenAI server its callers
    /// see). Tokens are not counted here: the transport records <c>gen_ai.client.token.usage</c> once per call.
    /// </summary>
    public void TimeToFirstToken(TimeSpan elapsed, string transport, string? model) => _timeToFirstToken.Record(
        elapsed.TotalSeconds,
        new(OperationTag, "chat"),
        new(ProviderTag, "anthropic"),
        new(ModelTag, model),
        new(TransportTag, transport));

    public void StreamOpened(string transport) => _streams.Add(1, new KeyValuePair<string, object?>(TransportTag, transport));

    public void StreamClosed(string transport) => _streams.Add(-1, new KeyValuePair<string, object?>(TransportTag, transport));

    public void Error(string errorType) => _errors.Add(1, new KeyValuePair<string, object?>(ErrorTypeTag, errorType));
}
