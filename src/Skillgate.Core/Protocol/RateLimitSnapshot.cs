using System.Globalization;

namespace Skillgate.Protocol;

/// <summary>The rate-limit state a response reported; a field is null when its header was absent.</summary>
public sealed record RateLimitSnapshot
{
    /// <summary>Requests limit, remaining and reset.</summary>
    public RateLimitValue? Requests { get; init; }

    /// <summary>Most restrictive token limit, remaining and reset.</summary>
    public RateLimitValue? Tokens { get; init; }

    /// <summary>Input tokens limit, remaining and reset.</summary>
    public RateLimitValue? InputTokens { get; init; }

    /// <summary>Output tokens limit, remaining and reset.</summary>
    public RateLimitValue? OutputTokens { get; init; }

    /// <summary>The <c>retry-after</c> delay, if sent.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Reads the headers through <paramref name="getHeader"/> (name to value or null), e.g.
    /// <c>name =&gt; response.Headers.TryGetValues(name, out var v) ? v.First() : null</c>.</summary>
    public static RateLimitSnapshot Read(Func<string, string?> getHeader, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        TimeSpan? retryAfter = getHeader(RateLimitHeaders.RetryAfter) is { } ra
            && RateLimitHeaders.TryParseRetryAfter(ra, now, out var delay) ? delay : null;
        return new RateLimitSnapshot
        {
            Requests = ReadValue(getHeader, RateLimitHeaders.RequestsLimit, RateLimitHeaders.RequestsRemaining, RateLimitHeaders.RequestsReset),
            Tokens = ReadValue(getHeader, RateLimitHeaders.TokensLimit, RateLimitHeaders.TokensRemaining, RateLimitHeaders.TokensReset),
            InputTokens = ReadValue(getHeader, RateLimitHeaders.InputTokensLimit, RateLimitHeaders.InputTokensRemaining, RateLimitHeaders.InputTokensReset),
            OutputTokens = ReadValue(getHeader, RateLimitHeaders.OutputTokensLimit, RateLimitHeaders.OutputTokensRemaining, RateLimitHeaders.OutputTokensReset),
            RetryAfter = retryAfter,
        };
    }

    private static RateLimitValue? ReadValue(Func<string, string?> getHeader, string limitName, string remainingName, string resetName)
    {
        if (!long.TryParse(getHeader(limitName), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit))
        {
            return null;
        }

        _ = long.TryParse(getHeader(remainingName), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining);
        DateTimeOffset? reset = getHeader(resetName) is { } r && RateLimitHeaders.TryParseReset(r, out var at) ? at : null;
        return new RateLimitValue(limit, remaining, reset);
    }
}
