namespace Skillgate.Upstream;

/// <summary>
/// A call to the upstream failed. <see cref="IUpstreamClient"/> throws it only before any byte reached the caller
/// (later failures end the stream with an <c>event: error</c>); the chat client also throws it for those. Carries
/// what the caller should answer: an HTTP status and an Anthropic error type. The message never contains secrets.
/// </summary>
public sealed class UpstreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UpstreamException(UpstreamErrorKind kind, int statusCode, string errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    /// <summary>Creates an exception of kind <see cref="UpstreamErrorKind.HttpStatus"/>, status 500.</summary>
    public UpstreamException()
        : this(UpstreamErrorKind.HttpStatus, 500, "api_error", "Upstream call failed.")
    {
    }

    /// <summary>Creates an exception of kind <see cref="UpstreamErrorKind.HttpStatus"/>, status 500.</summary>
    public UpstreamException(string message)
        : this(UpstreamErrorKind.HttpStatus, 500, "api_error", message)
    {
    }

    /// <summary>Creates an exception of kind <see cref="UpstreamErrorKind.HttpStatus"/>, status 500.</summary>
    public UpstreamException(string message, Exception innerException)
        : this(UpstreamErrorKind.HttpStatus, 500, "api_error", message, innerException)
    {
    }

    /// <summary>Why the call failed.</summary>
    public UpstreamErrorKind Kind { get; }

    /// <summary>The HTTP status to give the caller (the upstream's own status for <see cref="UpstreamErrorKind.HttpStatus"/>).</summary>
    public int StatusCode { get; }

    /// <summary>The Anthropic error type, e.g. <c>overloaded_error</c>.</summary>
    public string ErrorType { get; }

    /// <summary>When the caller may try again, if known.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; init; }

    /// <summary>The upstream's error body (an Anthropic error JSON) when there was one; passed to the caller unchanged.</summary>
    public ReadOnlyMemory<byte> UpstreamBody { get; init; }

    /// <summary>The upstream's <c>request-id</c>, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// The failed attempt's response headers a caller should see (<c>request-id</c>, <c>anthropic-ratelimit-*</c>,
    /// <c>retry-after</c>, ...); empty when the upstream did not answer.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>
    /// The <see cref="UpstreamSecret.Fingerprint"/> of the key the failed attempt used, or null when it reached no key
    /// (no key available, admission refused, circuit open).
    /// </summary>
    public string? KeyFingerprint { get; init; }
}
