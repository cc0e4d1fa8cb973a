using System.Text;
using Microsoft.AspNetCore.Http;

namespace Skillgate.Server.Relay;

/// <summary>
/// A message batch's <c>results_url</c> points at the host that answered: behind the gateway that is the upstream, which
/// the caller has no key for. Rewritten to the gateway's own origin, so SDKs that follow it come back through the gateway.
/// </summary>
internal static class ResultsUrls
{
    public static byte[] Rewrite(byte[] body, Uri upstream, HttpRequest request)
    {
        var from = Encoding.UTF8.GetBytes("\"results_url\":\"" + upstream.GetLeftPart(UriPartial.Authority));
        if (body.AsSpan().IndexOf(from) < 0)
        {
            return body;
        }

        var to = Encoding.UTF8.GetBytes("\"results_url\":\"" + request.Scheme + "://" + request.Host.Value);
        var result = new MemoryStream(body.Length + 64);
        var rest = body.AsSpan();
        int at;
        while ((at = rest.IndexOf(from)) >= 0)
        {
            result.Write(rest[..at]);
            result.Write(to);
            rest = rest[(at + from.Length)..];
        }

        result.Write(rest);
        return result.ToArray();
    }
}
