using System.Globalization;

namespace Skillgate.Protocol;

/// <summary>Names and value formats of the <c>anthropic-ratelimit-*</c> and <c>retry-after</c> headers.
/// Resets are RFC 3339 UTC timestamps (<c>2025-01-01T00:00:05Z</c>); <c>retry-after</c> is whole seconds.</summary>
public static class RateLimitHeaders
{
    /// <summary>Requests per minute allowed.</summary>
    public const string RequestsLimit = "anthropic-ratelimit-requests-limit";

    /// <summary>Requests left.</summary>
    public const string RequestsRemaining = "anthropic-ratelimit-requests-remaining";

    /// <summary>When the request bucket is full again.</summary>
    public const string RequestsReset = "anthropic-ratelimit-requests-reset";

    /// <summary>The most restrictive token limit (input or output) per minute.</summary>
    public const string TokensLimit = "anthropic-ratelimit-tokens-limit";

    /// <summary>Tokens left of <see cref="TokensLimit"/>.</summary>
    public const string TokensRemaining = "anthropic-ratelimit-tokens-remaining";

    /// <summary>When the most restrictive token bucket is full again.</summary>
    public const string TokensReset = "anthropic-ratelimit-tokens-reset";

    /// <summary>Input tokens per minute allowed.</summary>
    public const string InputTokensLimit = "anthropic-ratelimit-input-tokens-limit";

    /// <summary>Input tokens left (rounded to the nearest thousand by the real API).</summary>
    public const string InputTokensRemaining = "anthropic-ratelimit-input-tokens-remaining";

    /// <summary>When the input token bucket is full again.</summary>
    public const string InputTokensReset = "anthropic-ratelimit-input-tokens-reset";

    /// <summary>Output tokens per minute allowed.</summary>
    public const string OutputTokensLimit = "anthropic-ratelimit-output-tokens-limit";

    /// <summary>Output tokens left.</summary>
    public const string OutputTokensRemaining = "anthropic-ratelimit-output-tokens-remaining";

    /// <summary>When the output token bucket is full again.</summary>
    public const string OutputTokensReset = "anthropic-ratelimit-output-tokens-reset";

    /// <summary>Seconds to wait before retrying (on 429 and 529).</summary>
    public const string RetryAfter = "retry-after";

    /// <summary>The request id header of every API response.</summary>
    public const string RequestId = "request-id";

    /// <summary>Formats a reset time as RFC 3339 UTC with whole seconds.</summary>
    public static string FormatReset(DateTimeOffset reset) =>
        reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats a reset time into <paramref name="destination"/> (20 chars), without allocating.</summary>
    public static bool TryFormatReset(DateTimeOffset reset, Span<char> destination, out int charsWritten) =>
        reset.UtcDateTime.TryFormat(destination, out charsWritten, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an RFC 3339 timestamp (any offset, optional fractional seconds).</summary>
    public static bool TryParseReset(ReadOnlySpan<char> value, out DateTimeOffset reset) =>
        DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out reset);

    /// <summary>Formats a delay as whole seconds, rounded up, at least 1.</summary>
    public static string FormatRetryAfter(TimeSpan delay) =>
        Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses <c>retry-after</c>: delta seconds (possibly fractional) or an HTTP date relative to
    /// <paramref name="now"/>.</summary>
    public static bool TryParseRetryAfter(ReadOnlySpan<char> value, DateTimeOffset now, out TimeSpan delay)
    {
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            delay = TimeSpan.FromSeconds(seconds);
            return true;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at))
        {
            delay = at > now ? at - now : TimeSpan.Zero;
            return true;
        }

        delay = default;
        return false;
    }
}
