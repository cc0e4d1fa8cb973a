using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;
using Skillgate.Simulator.Hosting;
using Skillgate.Simulator.RateLimiting;

namespace Skillgate.Simulator.Endpoints;

/// <summary>Authenticates by <c>x-api-key</c> or <c>Authorization: Bearer</c>.</summary>
internal static class Auth
{
    public static KeyState? Authenticate(HttpContext context, SimulatorState state, out AnthropicError? error)
    {
        var headers = context.Request.Headers;
        string? key = headers["x-api-key"];
        if (string.IsNullOrEmpty(key))
        {
            string? authorization = headers.Authorization;
            if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                key = authorization[7..].Trim();
            }
        }

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

        if (state.Options.RequireVersionHeader && string.IsNullOrEmpty(headers["anthropic-version"]))
        {
            error = AnthropicError.InvalidRequest("anthropic-version: header is required");
            return null;
        }

        error = null;
        return found;
    }
}
