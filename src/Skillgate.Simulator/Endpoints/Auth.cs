using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.RateLimiting;

namespace Skillgate.Simulator.Endpoints;

/// <summary>Authenticates by <c>x-api-key</c> or <c>Authorization: Bearer</c>.</summary>
internal static class Auth
{
    /// <summary>Finds the presented key; on success (and on a missing <c>anthropic-version</c> with a valid key)
    /// writes its rate-limit headers unless <paramref name="writeRateLimitHeaders"/> is false (the messages
    /// endpoint writes them itself, after taking from the buckets).</summary>
    public static KeyState? Authenticate(HttpContext context, SimulatorState state, out AnthropicError? error,
        bool writeRateLimitHeaders = true)
    {
        var key = ReadKey(context.Request.Headers);
        if (string.IsNullOrEmpty(key))
        {
            error = new AnthropicError(AnthropicErrorTypes.Authentication, "x-api-key header is required");
            return null;
        }

        var found = state.FindKey(key);
        if (found is null)
        {
            error = new AnthropicError(AnthropicErrorTypes.Authentication, "invalid x-api-key");
            return null;
        }

        if (state.Options.RequireVersionHeader && string.IsNullOrEmpty(context.Request.Headers["anthropic-version"]))
        {
            found.WriteHeaders(context.Response.Headers);
            error = AnthropicError.InvalidRequest("anthropic-version: header is required");
            return null;
        }

        if (writeRateLimitHeaders)
        {
            found.WriteHeaders(context.Response.Headers);
        }

        error = null;
        return found;
    }

    /// <summary>Writes the rate-limit headers of the presented key, if it is a configured one (for routes
    /// that do not authenticate, such as 404 and 405).</summary>
    public static void WriteHeadersOfPresentedKey(HttpContext context, SimulatorState state)
    {
        var key = ReadKey(context.Request.Headers);
        if (!string.IsNullOrEmpty(key))
        {
            state.FindKey(key)?.WriteHeaders(context.Response.Headers);
        }
    }

    private static string? ReadKey(IHeaderDictionary headers)
    {
        string? key = headers["x-api-key"];
        if (string.IsNullOrEmpty(key))
        {
            string? authorization = headers.Authorization;
            if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                key = authorization[7..].Trim();
            }
        }

        return key;
    }
}
