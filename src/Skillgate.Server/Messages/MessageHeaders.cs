using System.Globalization;
using Microsoft.AspNetCore.Http;
using Skillgate.Server.Errors;

namespace Skillgate.Server.Messages;

/// <summary>The gateway's own request headers of a Messages call.</summary>
internal static class MessageHeaders
{
    /// <summary>A caller's admission deadline in milliseconds from now.</summary>
    public const string Deadline = "skillgate-deadline-ms";

    /// <summary>The conversation whose vault keeps placeholders stable across turns.</summary>
    public const string Conversation = "skillgate-conversation-id";

    /// <summary>The gateway's own time on a call, in milliseconds (everything but the upstream's wait).</summary>
    public const string Overhead = "skillgate-overhead-ms";

    /// <summary>The <c>skillgate-deadline-ms</c> header as a wait, or null when absent.</summary>
    /// <exception cref="GatewayException">400: not a whole number of milliseconds, 1 or more.</exception>
    public static TimeSpan? MaxWait(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        // 0 would refuse the request before it could be tried: a client's mistake, not a rate limit.
        if (!long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms is 0 or > int.MaxValue)
        {
            throw GatewayException.InvalidRequest($"{Deadline} must be a whole number of milliseconds, 1 or more.");
        }

        return TimeSpan.FromMilliseconds(ms);
    }

    /// <inheritdoc cref="MaxWait(string?)"/>
    public static TimeSpan? MaxWait(IHeaderDictionary headers) => MaxWait(headers[Deadline].ToString());

    /// <summary>A header holding a small count (0-100), or null when absent.</summary>
    /// <exception cref="GatewayException">400: not a whole number from 0 to 100.</exception>
    public static int? Count(IHeaderDictionary headers, string name)
    {
        var value = headers[name].ToString();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 100
            ? count
            : throw GatewayException.InvalidRequest($"{name} must be a whole number from 0 to 100.");
    }

    /// <summary>
    /// Sets <c>skillgate-overhead-ms</c>: the time since the request arrived minus the upstream's part (admission wait
    /// and the transport's whole call, retries included, count as upstream). Returns the gateway's own time.
    /// </summary>
    public static TimeSpan WriteOverhead(HttpResponse response, TimeProvider time, long startTimestamp, long sentTimestamp)
    {
        var overhead = time.GetElapsedTime(startTimestamp) - time.GetElapsedTime(sentTimestamp);
        response.Headers[Overhead] = Math.Max(0, overhead.TotalMilliseconds).ToString("0.000", CultureInfo.InvariantCulture);
        return overhead;
    }
}
