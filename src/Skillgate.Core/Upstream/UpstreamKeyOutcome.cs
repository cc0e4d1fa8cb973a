using System.Net.Http.Headers;
using Skillgate.Protocol;

namespace Skillgate.Upstream;

/// <summary>The outcome of one attempt, reported to the key source on its lease.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="StatusCode">The upstream's HTTP status, or 0 when there was no response.</param>
/// <param name="Usage">Token usage (success; possibly partial for a stream that failed after it started).</param>
/// <param name="RetryAfter">The upstream's retry-after, if any.</param>
/// <param name="Headers">
/// The upstream's response headers (<c>anthropic-ratelimit-*</c> among them), or null when there was no response.
/// Valid only during the <see cref="IUpstreamKeyLease.Report"/> call.
/// </param>
public readonly record struct UpstreamKeyOutcome(
    UpstreamKeyOutcomeKind Kind,
    int StatusCode,
    UpstreamUsage Usage,
    TimeSpan? RetryAfter,
    HttpResponseHeaders? Headers)
{
    /// <summary>Parses the <c>anthropic-ratelimit-*</c> and <c>retry-after</c> headers (only when asked: it allocates).</summary>
    /// <param name="now">The current time, to turn an HTTP-date retry-after into a delay.</param>
    /// <returns>The snapshot, or null when there were no headers.</returns>
    public RateLimitSnapshot? ReadRateLimits(DateTimeOffset now)
    {
        var headers = Headers;
        return headers is null ? null : RateLimitSnapshot.Read(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, now);
    }
}
