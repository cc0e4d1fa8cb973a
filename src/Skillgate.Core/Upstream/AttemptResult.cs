namespace Skillgate.Upstream;

/// <summary>
/// The result of one attempt, success or failure, as the resilience pipeline sees it. A failure holds no
/// connection (its response is disposed before it is created); a success owns the open response until handed on.
/// </summary>
internal sealed class AttemptResult : IDisposable
{
    private AttemptResult()
    {
    }

    public bool IsSuccess { get; private init; }

    // Success.
    public HttpResponseMessage? Response { get; private set; }

    public IUpstreamKeyLease? Lease { get; private set; }

    public AttemptTimer? Timer { get; private set; }

    public SseStreamReader? Reader { get; private set; }

    public ReadOnlyMemory<byte> Body { get; private init; }

    public SseRun FirstRun { get; private init; }

    public UpstreamUsage Usage { get; private init; }

    /// <summary>The upstream's status (a 2xx for a success; for a failure, the status to give the caller).</summary>
    public int StatusCode { get; private init; }

    // Failure.
    public UpstreamErrorKind Kind { get; private init; }

    public string ErrorType { get; private init; } = "api_error";

    public string Message { get; private init; } = string.Empty;

    public bool Retryable { get; private init; }

    public TimeSpan? RetryAfter { get; private init; }

    public ReadOnlyMemory<byte> ErrorBody { get; private init; }

    public Exception? Exception { get; private init; }

    /// <summary>Set by the retry predicate: the delay before the next attempt.</summary>
    public TimeSpan NextDelay { get; set; }

    public string? RequestId { get; private init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The answer's <c>stop_reason</c> (buffered calls), for the call's span.</summary>
    public string? StopReason { get; private init; }

    public static AttemptResult Completed(
        ReadOnlyMemory<byte> body, UpstreamUsage usage, string? requestId, System.Net.Http.Headers.HttpResponseHeaders? headers = null, int statusCode = 200, string? stopReason = null) =>
        new() { IsSuccess = true, StatusCode = statusCode, Body = body, Usage = usage, RequestId = requestId, Headers = UpstreamResponseHeaders.Capture(headers), StopReason = stopReason };

    /// <summary>A 2xx whose body is left unread: the response and the timer (in its idle phase) go to the caller.</summary>
    public static AttemptResult Raw(HttpResponseMessage response, AttemptTimer timer, string? requestId) =>
        new()
        {
            IsSuccess = true, StatusCode = (int)response.StatusCode, Response = response, Timer = timer, RequestId = requestId,
            Headers = UpstreamResponseHeaders.CaptureRaw(response),
        };

    public static AttemptResult Streaming(HttpResponseMessage response, IUpstreamKeyLease lease, AttemptTimer timer, SseStreamReader reader, SseRun firstRun, string? requestId) =>
        new()
        {
            IsSuccess = true, StatusCode = (int)response.StatusCode, Response = response, Lease = lease, Timer = timer, Reader = reader, FirstRun = firstRun,
            RequestId = requestId, Headers = UpstreamResponseHeaders.Capture(response.Headers),
        };

    public static AttemptResult Failure(
        UpstreamErrorKind kind,
        int statusCode,
        string errorType,
        string message,
        bool retryable,
        TimeSpan? retryAfter = null,
        ReadOnlyMemory<byte> errorBody = default,
        string? requestId = null,
        Exception? exception = null,
        System.Net.Http.Headers.HttpResponseHeaders? headers = null) =>
        new()
        {
            Kind = kind,
            StatusCode = statusCode,
            ErrorType = errorType,
            Message = message,
            Retryable = retryable,
            RetryAfter = retryAfter,
            ErrorBody = errorBody,
            RequestId = requestId,
            Exception = exception,
            Headers = UpstreamResponseHeaders.Capture(headers),
        };

    /// <summary>Hands the open response, reader, timer and lease to a new owner.</summary>
    public void Detach()
    {
        Response = null;
        Reader = null;
        Timer = null;
        Lease = null;
    }

    public UpstreamException ToException(int attempts, string? keyFingerprint) =>
        new(Kind, StatusCode, ErrorType, Message, Exception)
        {
            KeyFingerprint = keyFingerprint,
            Attempts = attempts,
            RetryAfter = RetryAfter,
            UpstreamBody = ErrorBody,
            RequestId = RequestId,
            Headers = Headers,
        };

    public void Dispose() => Dispose(abandonBuffers: false);

    /// <summary>
    /// Releases everything; the response first, which aborts a read in flight. With <paramref name="abandonBuffers"/>
    /// (a read may still be writing into the reader's buffer) the buffer is left to the GC instead of the pool.
    /// </summary>
    public void Dispose(bool abandonBuffers)
    {
        Response?.Dispose();
        if (abandonBuffers)
        {
            Reader?.Abandon();
        }
        else
        {
            Reader?.Dispose();
        }

        Timer?.Dispose();
        Lease?.Dispose();
        Detach();
    }
}
