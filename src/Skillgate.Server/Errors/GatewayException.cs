using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.Errors;

/// <summary>A failure the gateway answers with an Anthropic-shaped error; thrown only off the hot path.</summary>
internal sealed class GatewayException(int statusCode, string errorType, string message, TimeSpan? retryAfter = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string ErrorType { get; } = errorType;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static GatewayException InvalidRequest(string message) => new(400, AnthropicErrorTypes.InvalidRequest, message);
}
