using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>error</c>: the API failed mid-stream (e.g. <c>overloaded_error</c>); the stream ends.</summary>
public sealed class ErrorEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.Error;

    /// <summary>The error.</summary>
    [JsonPropertyName("error")]
    public AnthropicError? Error { get; set; }
}
