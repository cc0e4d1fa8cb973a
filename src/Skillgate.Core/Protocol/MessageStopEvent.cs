namespace Skillgate.Protocol;

/// <summary><c>message_stop</c>: the stream completed.</summary>
public sealed class MessageStopEvent : StreamEvent
{
    /// <inheritdoc />
    public override string EventType => StreamEventTypes.MessageStop;
}
