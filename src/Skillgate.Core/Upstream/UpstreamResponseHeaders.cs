using System.Net.Http.Headers;

namespace Skillgate.Upstream;

/// <summary>Picks the upstream response headers a caller needs to see: <c>request-id</c>, <c>anthropic-*</c> and the retry hints.</summary>
internal static class UpstreamResponseHeaders
{
    public static IReadOnlyList<KeyValuePair<string, string>> Capture(HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return [];
        }

        List<KeyValuePair<string, string>>? result = null;
        foreach (var (name, values) in headers.NonValidated)
        {
            if (!IsCarried(name))
            {
                continue;
            }

            result ??= new List<KeyValuePair<string, string>>(12);
            foreach (var value in values)
            {
                result.Add(new(name, value));
            }
        }

        return result ?? (IReadOnlyList<KeyValuePair<string, string>>)[];
    }

    /// <summary>The carried headers plus what a relayed body needs (<c>content-disposition</c>).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CaptureRaw(HttpResponseMessage response)
    {
        var carried = Capture(response.Headers);
        if (response.Content.Headers.ContentDisposition is not { } disposition)
        {
            return carried;
        }

        return [.. carried, new("content-disposition", disposition.ToString())];
    }

    private static bool IsCarried(string name) =>
        name.StartsWith("anthropic-", StringComparison.OrdinalIgnoreCase)
        || name.Equals("request-id", StringComparison.OrdinalIgnoreCase)
        || name.Equals("retry-after", StringComparison.OrdinalIgnoreCase)
        || name.Equals("retry-after-ms", StringComparison.OrdinalIgnoreCase)
        || name.Equals("x-should-retry", StringComparison.OrdinalIgnoreCase);
}
