namespace Skillgate.Upstream;

/// <summary>The Messages stream events the transport tells apart; everything else is <see cref="Other"/> and passes through.</summary>
internal enum SseEventKind
{
    Other = 0,
    MessageStart,
    ContentBlockStart,
    ContentBlockDelta,
    ContentBlockStop,
    MessageDelta,
    MessageStop,
    Ping,
    Error,

    /// <summary>A block with neither an <c>event</c> nor a <c>data</c> field (comments, e.g. a proxy's keep-alive): not an event.</summary>
    Empty,
}
