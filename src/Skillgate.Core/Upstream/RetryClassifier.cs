namespace Skillgate.Upstream;

/// <summary>Which failures are worth another attempt.</summary>
internal static class RetryClassifier
{
    /// <summary>Whether an error status may be retried, given the upstream's <c>x-should-retry</c> hint.</summary>
    public static bool IsRetryableStatus(int status, bool? shouldRetry)
    {
        switch (status)
        {
            case 400 or 401 or 403 or 404 or 413:
                return false;
        }

        if (shouldRetry is { } hint)
        {
            return hint;
        }

        return status is 408 or 409 or 429 or 500 or 502 or 503 or 504 or 529;
    }

    /// <summary>Whether a failure of <paramref name="kind"/> (not an HTTP status) may be retried.</summary>
    public static bool IsRetryableKind(UpstreamErrorKind kind) => kind switch
    {
        UpstreamErrorKind.ConnectTimeout or UpstreamErrorKind.TlsHandshakeTimeout or UpstreamErrorKind.ResponseHeadersTimeout
            or UpstreamErrorKind.FirstTokenTimeout or UpstreamErrorKind.ConnectionFailed or UpstreamErrorKind.StreamInterrupted
            or UpstreamErrorKind.ProtocolViolation => true,
        _ => false,
    };

    /// <summary>Whether an <c>event: error</c> type seen before the first token may be retried.</summary>
    public static bool IsRetryableStreamError(string? errorType) => errorType is "overloaded_error" or "api_error" or "rate_limit_error" or "timeout_error";
}
