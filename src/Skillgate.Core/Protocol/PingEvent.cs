namespace Skillgate.Protocol;

/// <summary><c>ping</c>: keep-alive.</summary>
public sealed class PingEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.Ping;
}
