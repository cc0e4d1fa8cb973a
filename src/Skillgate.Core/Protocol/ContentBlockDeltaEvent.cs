using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>content_block_delta</c>: a piece of the block at <see cref="Index"/>.</summary>
public sealed class ContentBlockDeltaEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.ContentBlockDelta;

    /// <summary>The index of the block in the message content.</summary>
    [JsonPropertyName("index")]
    public int Index { get; set; }

    /// <summary>The piece; unknown delta types deserialize to the base <see cref="ContentDelta"/>.</summary>
    [JsonPropertyName("delta")]
    public ContentDelta Delta { get; set; } = new();
}
