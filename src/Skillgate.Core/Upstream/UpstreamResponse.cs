namespace Skillgate.Upstream;

/// <summary>A successful non-streaming answer: the upstream's body unchanged, plus what was sniffed from it.</summary>
public sealed class UpstreamResponse
{
    /// <summary>Creates the response.</summary>
    public UpstreamResponse(int statusCode, ReadOnlyMemory<byte> body, UpstreamUsage usage, string? requestId, int attempts)
    {
        StatusCode = statusCode;
        Body = body;
        Usage = usage;
        RequestId = requestId;
        Attempts = attempts;
    }

    /// <summary>The HTTP status (2xx).</summary>
    public int StatusCode { get; }

    /// <summary>The JSON body as the upstream sent it.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Usage from the body.</summary>
    public UpstreamUsage Usage { get; }

    /// <summary>The upstream's <c>request-id</c> header.</summary>
    public string? RequestId { get; }

    /// <summary>Attempts made, the successful one included.</summary>
    public int Attempts { get; }

    /// <summary>
    /// The upstream's response headers a caller should see: <c>request-id</c>, <c>anthropic-ratelimit-*</c> (and other
    /// <c>anthropic-*</c>), <c>retry-after</c>, <c>retry-after-ms</c>, <c>x-should-retry</c>. Empty when unknown.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The <see cref="UpstreamSecret.Fingerprint"/> of the key that served the call.</summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>How long the call waited for admission, summed over its attempts; zero without a scheduler.</summary>
    public TimeSpan QueueWait { get; init; }
}
