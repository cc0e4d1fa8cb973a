using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>message_start</c>: the message with empty content and the input usage.</summary>
public sealed class MessageStartEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.MessageStart;

    /// <summary>The message being streamed.</summary>
    [JsonPropertyName("message")]
    public Message Message { get; set; } = new();
}
