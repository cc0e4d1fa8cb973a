namespace Skillgate.Server.Hosting;

/// <summary>Settings of the WebSocket transport at <c>/v1/ws</c>.</summary>
public sealed class GatewayWebSocketOptions
{
    /// <summary>How often the server pings each socket. Default: 15 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a ping may go unanswered before the peer is declared dead and the socket closed. Default: 30 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest frame (message) a client may send; larger ones get an error frame. Default: 4 MB.</summary>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many events of one stream may wait unsent before its upstream read pauses. Default: 64.</summary>
    public int SendBufferEvents { get; set; } = 64;

    /// <summary>How long a reader may stay too slow (a send blocked, or a stream paused) before it is disconnected. Default: 30 s.</summary>
    public TimeSpan SlowReaderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stream stays resumable after its socket went away or it finished. Default: 60 s.</summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most bytes of frames one stream may keep while no socket is attached. A detached stream that crosses it
    /// stops reading its upstream and ends with an error frame after the frames kept. Default: 16 MB.
    /// </summary>
    public long MaxResumeBufferBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most streams open at once on one socket. Default: 10,000.</summary>
    public int MaxStreamsPerConnection { get; set; } = 10_000;
}
