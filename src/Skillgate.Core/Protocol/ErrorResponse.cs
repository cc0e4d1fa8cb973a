using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>An error response body: <c>{"type":"error","error":{...},"request_id":"..."}</c>.</summary>
public sealed class ErrorResponse
{
    /// <summary>Always <c>error</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = "error";

    /// <summary>The error.</summary>
    [JsonPropertyName("error")]
    public AnthropicError? Error { get; init; }

    /// <summary>The request id, when the API sent one.</summary>
    [JsonPropertyName("request_id")]
    public string? RequestId { get; init; }
}
