using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>message_delta</c>: the stop reason and the cumulative usage.</summary>
public sealed class MessageDeltaEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.MessageDelta;

    /// <summary>The top-level changes.</summary>
    [JsonPropertyName("delta")]
    public MessageDelta Delta { get; set; } = new();

    /// <summary>Cumulative usage (output tokens always; input and cache counts on newer API versions).</summary>
    [JsonPropertyName("usage")]
    public Usage Usage { get; set; } = new();
}
