namespace Skillgate.Telemetry;

/// <summary>
/// OpenTelemetry GenAI (and general) semantic convention names used by Skillgate's spans and instruments, and the
/// Skillgate-specific ones beside them.
/// </summary>
internal static class GenAiNames
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseId = "gen_ai.response.id";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string ResponseTimeToFirstChunk = "gen_ai.response.time_to_first_chunk";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string CacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string HttpStatus = "http.response.status_code";

    public const string Chat = "chat";
    public const string Anthropic = "anthropic";

    public const string Upstream = "skillgate.upstream";
    public const string Tenant = "skillgate.tenant";
    public const string KeyId = "skillgate.key.id";
    public const string AttemptNumber = "skillgate.attempt.number";
    public const string RetryReason = "skillgate.retry.reason";
    public const string RequestId = "skillgate.upstream.request_id";
    public const string Priority = "skillgate.priority";

    public const string AttemptSpan = "skillgate.attempt";
    public const string AdmissionSpan = "skillgate.admission";
    public const string FirstTokenEvent = "skillgate.first_token";
}
