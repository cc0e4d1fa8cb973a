using System.Globalization;
using System.Net.Http.Headers;

namespace Skillgate.Scheduling;

/// <summary>
/// The rate-limit state an upstream reported with a response (<c>anthropic-ratelimit-*</c> headers and
/// <c>retry-after</c>). The scheduler uses it to correct its buckets.
/// </summary>
public sealed record RateLimitSnapshot
{
    private const string Prefix = "anthropic-ratelimit-";

    /// <summary>Requests per minute (<c>anthropic-ratelimit-requests-*</c>).</summary>
    public RateLimitWindow? Requests { get; init; }

    /// <summary>Input tokens per minute (<c>anthropic-ratelimit-input-tokens-*</c>).</summary>
    public RateLimitWindow? InputTokens { get; init; }

    /// <summary>Output tokens per minute (<c>anthropic-ratelimit-output-tokens-*</c>).</summary>
    public RateLimitWindow? OutputTokens { get; init; }

    /// <summary>The <c>retry-after</c> header, if sent.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when no rate-limit header was present.</summary>
    public bool IsEmpty => Requests is null && InputTokens is null && OutputTokens is null && RetryAfter is null;

    /// <summary>Reads the snapshot from response headers.</summary>
    public static RateLimitSnapshot FromHeaders(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return FromHeaders(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null);
    }

    /// <summary>Reads the snapshot through a case-insensitive header lookup (null when a header is absent).</summary>
    /// <param name="lookup">Returns the first value of the named header, or null.</param>
    /// <param name="now">The time <c>retry-after</c> dates are measured from; the current UTC time when null.</param>
    public static RateLimitSnapshot FromHeaders(Func<string, string?> lookup, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return new RateLimitSnapshot
        {
            Requests = ReadWindow(lookup, "requests"),
            InputTokens = ReadWindow(lookup, "input-tokens"),
            OutputTokens = ReadWindow(lookup, "output-tokens"),
            RetryAfter = ParseRetryAfter(lookup("retry-after"), now),
        };
    }

    /// <summary>Parses a <c>retry-after</c> value: delay seconds (integer or decimal) or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset? now = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var delay = date - (now ?? DateTimeOffset.UtcNow);
            return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
        }

        return null;
    }

    private static RateLimitWindow? ReadWindow(Func<string, string?> lookup, string dimension)
    {
        var limit = ParseLong(lookup($"{Prefix}{dimension}-limit"));
        var remaining = ParseLong(lookup($"{Prefix}{dimension}-remaining"));
        DateTimeOffset? reset = DateTimeOffset.TryParse(
            lookup($"{Prefix}{dimension}-reset"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r)
            ? r
            : null;
        return limit is null && remaining is null && reset is null ? null : new RateLimitWindow(limit, remaining, reset);
    }

    private static long? ParseLong(string? value)
        => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : null;
}
