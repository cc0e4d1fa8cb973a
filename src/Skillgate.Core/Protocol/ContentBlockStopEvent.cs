using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>content_block_stop</c>: the block at <see cref="Index"/> is complete.</summary>
public sealed class ContentBlockStopEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.ContentBlockStop;

    /// <summary>The index of the block in the message content.</summary>
    [JsonPropertyName("index")]
    public int Index { get; set; }
}
