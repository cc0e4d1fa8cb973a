namespace Skillgate.Redaction;

/// <summary>An SSE event to forward to the caller: its name and its UTF-8 JSON data.</summary>
/// <param name="EventType">The SSE event name, e.g. <c>content_block_delta</c>.</param>
/// <param name="Data">The event's data, UTF-8 JSON on one line.</param>
public readonly record struct RestoredEvent(string EventType, ReadOnlyMemory<byte> Data);
