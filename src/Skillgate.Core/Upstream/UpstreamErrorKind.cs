namespace Skillgate.Upstream;

/// <summary>Why a call to the upstream failed. Each kind is its own metric tag.</summary>
public enum UpstreamErrorKind
{
    /// <summary>The upstream answered with an error status (see <see cref="UpstreamException.StatusCode"/>).</summary>
    HttpStatus = 0,

    /// <summary>The TCP connection could not be opened within the connect timeout.</summary>
    ConnectTimeout,

    /// <summary>The TLS handshake did not finish within its timeout.</summary>
    TlsHandshakeTimeout,

    /// <summary>No response headers within their timeout.</summary>
    ResponseHeadersTimeout,

    /// <summary>Streaming: no first token within its timeout.</summary>
    FirstTokenTimeout,

    /// <summary>Streaming: the upstream went silent between chunks for longer than the idle timeout.</summary>
    IdleTimeout,

    /// <summary>Non-streaming: the whole attempt exceeded the total timeout.</summary>
    TotalTimeout,

    /// <summary>The connection was refused, reset or closed, or the HTTP exchange broke.</summary>
    ConnectionFailed,

    /// <summary>The stream ended before <c>message_stop</c>.</summary>
    StreamInterrupted,

    /// <summary>The upstream sent an <c>event: error</c> inside a stream.</summary>
    StreamError,

    /// <summary>The circuit breaker of the upstream is open: failing fast.</summary>
    CircuitOpen,

    /// <summary>No key can serve the request: all are out of service.</summary>
    NoKeyAvailable,

    /// <summary>
    /// The upstream broke the protocol: a server-sent event larger than 8 MiB (no blank line ending it), a
    /// non-streaming answer larger than <see cref="UpstreamOptions.MaxResponseBodyBytes"/>, or (seen by the
    /// <c>IChatClient</c>) a tool input past 8 Mi characters or an event that is not valid JSON.
    /// </summary>
    ProtocolViolation,
}
