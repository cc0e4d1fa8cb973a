namespace Skillgate.Upstream;

/// <summary>Stable snake_case names of <see cref="UpstreamErrorKind"/> for metric tags and logs.</summary>
internal static class UpstreamErrorNames
{
    public static string Of(UpstreamErrorKind kind) => kind switch
    {
        UpstreamErrorKind.HttpStatus => "http_status",
        UpstreamErrorKind.ConnectTimeout => "connect_timeout",
        UpstreamErrorKind.TlsHandshakeTimeout => "tls_handshake_timeout",
        UpstreamErrorKind.ResponseHeadersTimeout => "response_headers_timeout",
        UpstreamErrorKind.FirstTokenTimeout => "first_token_timeout",
        UpstreamErrorKind.IdleTimeout => "idle_timeout",
        UpstreamErrorKind.TotalTimeout => "total_timeout",
        UpstreamErrorKind.ConnectionFailed => "connection_failed",
        UpstreamErrorKind.StreamInterrupted => "stream_interrupted",
        UpstreamErrorKind.StreamError => "stream_error",
        UpstreamErrorKind.CircuitOpen => "circuit_open",
        UpstreamErrorKind.NoKeyAvailable => "no_key_available",
        UpstreamErrorKind.ProtocolViolation => "protocol_violation",
        _ => "other",
    };

    public static bool IsTimeout(UpstreamErrorKind kind) => kind is UpstreamErrorKind.ConnectTimeout or UpstreamErrorKind.TlsHandshakeTimeout
        or UpstreamErrorKind.ResponseHeadersTimeout or UpstreamErrorKind.FirstTokenTimeout or UpstreamErrorKind.IdleTimeout or UpstreamErrorKind.TotalTimeout;
}
