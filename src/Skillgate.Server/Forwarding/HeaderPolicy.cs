using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Skillgate.Server.Forwarding;

/// <summary>Which headers cross the gateway: everything except credentials, hop-by-hop and framing headers.</summary>
internal static class HeaderPolicy
{
    private static readonly FrozenSet<string> NotForwarded = new[]
    {
        "host", "x-api-key", "authorization", "content-length", "connection", "keep-alive", "transfer-encoding",
        "te", "trailer", "upgrade", "proxy-authorization", "proxy-connection", "accept-encoding", "cookie", "expect",
        "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> NotReturned = new[]
    {
        "connection", "keep-alive", "transfer-encoding", "trailer", "upgrade", "content-length", "server", "date",
        "set-cookie", "alt-svc",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The caller's headers that go upstream, in order.</summary>
    public static List<KeyValuePair<string, string>> ForUpstream(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var result = new List<KeyValuePair<string, string>>(8);
        foreach (var (name, values) in headers)
        {
            if (name.StartsWith(':') || NotForwarded.Contains(name) || name.StartsWith("skillgate-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null)
                {
                    result.Add(new(name, value));
                }
            }
        }

        return result;
    }

    /// <summary>Whether an upstream response header is passed back to the caller.</summary>
    public static bool Returned(string name) => !NotReturned.Contains(name);
}
