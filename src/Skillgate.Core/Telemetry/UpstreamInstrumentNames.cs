namespace Skillgate.Telemetry;

/// <summary>Names and tags of the upstream transport's instruments (meter <see cref="SkillgateTelemetry.PipelineName"/>).</summary>
internal static class UpstreamInstrumentNames
{
    public const string Attempts = "skillgate.upstream.attempts";
    public const string Retries = "skillgate.upstream.retries";
    public const string Timeouts = "skillgate.upstream.timeouts";
    public const string Errors = "skillgate.upstream.errors";
    public const string RetryBudgetExhausted = "skillgate.upstream.retry_budget.exhausted";
    public const string CircuitTransitions = "skillgate.upstream.circuit.transitions";
    public const string KeysOutOfService = "skillgate.upstream.keys.out_of_service";
    public const string OpenConnections = "skillgate.upstream.connections.open";
    public const string StreamsEndedWithError = "skillgate.upstream.streams.ended_with_error";
    public const string OperationDuration = "gen_ai.client.operation.duration";
    public const string TokenUsage = "gen_ai.client.token.usage";
    public const string TimeToFirstChunk = "gen_ai.client.operation.time_to_first_chunk";

    /// <summary>The transport's time to first token before the GenAI client conventions; kept behind <see cref="TelemetryOptions.LegacyMetricNames"/>.</summary>
    public const string LegacyTimeToFirstToken = "gen_ai.server.time_to_first_token";

    public const string UpstreamTag = "skillgate.upstream";
    public const string OutcomeTag = "skillgate.outcome";
    public const string KindTag = "error.type";
    public const string StatusTag = "http.response.status_code";
    public const string KeyTag = "skillgate.key";
    public const string StateTag = "skillgate.circuit.state";
    public const string TokenTypeTag = "gen_ai.token.type";
    public const string ModelTag = "gen_ai.request.model";
    public const string TenantTag = "skillgate.tenant";
}
