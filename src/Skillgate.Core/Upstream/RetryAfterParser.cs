using System.Globalization;
using System.Net.Http.Headers;
using Skillgate.Protocol;

namespace Skillgate.Upstream;

/// <summary>Reads <c>retry-after-ms</c>, <c>retry-after</c> (seconds or an HTTP date) and <c>x-should-retry</c>.</summary>
internal static class RetryAfterParser
{
    public const string RetryAfterMsHeader = "retry-after-ms";
    public const string RetryAfterHeader = RateLimitHeaders.RetryAfter;
    public const string ShouldRetryHeader = "x-should-retry";

    /// <summary>The delay the upstream asked for, <c>retry-after-ms</c> first; never negative.</summary>
    public static TimeSpan? Parse(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues(RetryAfterMsHeader, out var msValues))
        {
            var ms = ParseMilliseconds(First(msValues));
            if (ms is not null)
            {
                return ms;
            }
        }

        return headers.TryGetValues(RetryAfterHeader, out var values) ? ParseRetryAfter(First(values), now) : null;
    }

    public static TimeSpan? ParseMilliseconds(string? value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms))
        {
            return ms <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(ms, TimeSpan.MaxValue.TotalMilliseconds / 2));
        }

        return null;
    }

    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now) =>
        value is not null && RateLimitHeaders.TryParseRetryAfter(value, now, out var delay) && delay.TotalSeconds < TimeSpan.MaxValue.TotalSeconds / 2
            ? delay
            : null;

    /// <summary><c>true</c> or <c>false</c> when the upstream said so in <c>x-should-retry</c>, otherwise null.</summary>
    public static bool? ParseShouldRetry(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues(ShouldRetryHeader, out var values))
        {
            return null;
        }

        var value = First(values);
        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? false : null;
    }

    private static string? First(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            return value;
        }

        return null;
    }
}
