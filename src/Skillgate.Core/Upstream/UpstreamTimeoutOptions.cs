namespace Skillgate.Upstream;

/// <summary>
/// The layered timeouts of one upstream. Each surfaces as its own <see cref="UpstreamErrorKind"/> and metric tag,
/// so that a slow TLS handshake is never confused with a model that is slow to start.
/// </summary>
public sealed class UpstreamTimeoutOptions
{
    /// <summary>Time to open the TCP connection. Default 3 s.</summary>
    public TimeSpan Connect { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Time for the TLS handshake once the socket is connected. Default 5 s.</summary>
    public TimeSpan TlsHandshake { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time from sending the request (connection included) to the response headers. Default 60 s.</summary>
    public TimeSpan ResponseHeaders { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Streaming: time from the response headers to the first content event (the first token). Default 30 s.
    /// Until then nothing has reached the caller, so a stall is retried.
    /// </summary>
    public TimeSpan FirstToken { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Streaming: longest silence between two chunks once tokens flow. Default 10 s. Reset on every read.</summary>
    public TimeSpan Idle { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Non-streaming: the whole attempt, headers and body. Default 10 min.</summary>
    public TimeSpan Total { get; set; } = TimeSpan.FromMinutes(10);
}
