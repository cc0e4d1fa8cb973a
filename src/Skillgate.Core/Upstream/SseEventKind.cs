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
}
