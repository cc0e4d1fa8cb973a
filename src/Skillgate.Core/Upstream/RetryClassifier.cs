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
            or UpstreamErrorKind.FirstTokenTimeout or UpstreamErrorKind.ConnectionFailed or UpstreamErrorKind.StreamInterrupted => true,
        _ => false,
    };

    /// <summary>Whether an <c>event: error</c> type seen before the first token may be retried.</summary>
    public static bool IsRetryableStreamError(string? errorType) => errorType is "overloaded_error" or "api_error" or "rate_limit_error" or "timeout_error";

    /// <summary>The HTTP status that corresponds to an Anthropic error type.</summary>
    public static int StatusForErrorType(string? errorType) => errorType switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    /// <summary>The Anthropic error type for an HTTP status.</summary>
    public static string ErrorTypeForStatus(int status) => status switch
    {
        400 or 422 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        503 or 529 => "overloaded_error",
        504 or 408 => "timeout_error",
        _ => "api_error",
    };
}
