namespace Skillgate.WebSockets;

/// <summary>Settings of <see cref="SkillgateWebSocketClient"/>.</summary>
public sealed class SkillgateWebSocketClientOptions
{
    /// <summary>The gateway client key, sent as <c>x-api-key</c> on the upgrade request. Default: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Headers sent on the upgrade request and so applied to every stream (e.g. <c>anthropic-beta</c>).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the client pings the gateway. Default: 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many times in a row to reconnect and resume after the socket drops. Default: 5.</summary>
    public int ReconnectAttempts { get; set; } = 5;

    /// <summary>The wait before the first reconnect attempt, doubled after each failure. Default: 200 ms.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The flow-control window of each stream, in events: the gateway sends at most this many events of a stream
    /// that the caller has not consumed yet, and the client grants more as the caller consumes them (half a window
    /// at a time). A caller that stops reading one stream so pauses only that stream (and, through the gateway's
    /// bounded buffer, its upstream read); the socket's other streams go on. 0 turns flow control off: then a stream
    /// whose caller stops reading fills <see cref="StreamBufferFrames"/> and stalls the whole socket. Default: 64.
    /// </summary>
    public int StreamWindowEvents { get; set; } = 64;

    /// <summary>Without flow control (<see cref="StreamWindowEvents"/> 0): how many frames of one stream may wait unread in the client before it stops reading the socket. Default: 256.</summary>
    public int StreamBufferFrames { get; set; } = 256;

    /// <summary>
    /// The largest message the client assembles from the gateway; a larger one fails every open stream (502
    /// <c>api_error</c>) and closes the socket instead of growing memory. Default: 16 MiB (twice the largest event).
    /// </summary>
    public int MaxMessageBytes { get; set; } = 2 * Upstream.SseLimits.MaxEventBytes;

    /// <summary>The time source for reconnect delays. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
