using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>content_block_start</c>: a content block begins at <see cref="Index"/>.</summary>
public sealed class ContentBlockStartEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.ContentBlockStart;

    /// <summary>The index of the block in the message content.</summary>
    [JsonPropertyName("index")]
    public int Index { get; set; }

    /// <summary>The block with empty text or input.</summary>
    [JsonPropertyName("content_block")]
    public ContentBlock ContentBlock { get; set; } = new();
}
