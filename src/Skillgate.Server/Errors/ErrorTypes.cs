using Skillgate.Protocol;

namespace Skillgate.Server.Errors;

/// <summary>The <c>error.type</c> values of the Anthropic API: short names for Core's <see cref="AnthropicErrorTypes"/>.</summary>
internal static class ErrorTypes
{
    public const string InvalidRequest = AnthropicErrorTypes.InvalidRequest;
    public const string Authentication = AnthropicErrorTypes.Authentication;
    public const string Permission = AnthropicErrorTypes.Permission;
    public const string NotFound = AnthropicErrorTypes.NotFound;
    public const string RequestTooLarge = AnthropicErrorTypes.RequestTooLarge;
    public const string RateLimit = AnthropicErrorTypes.RateLimit;
    public const string Api = AnthropicErrorTypes.Api;
    public const string Overloaded = AnthropicErrorTypes.Overloaded;
    public const string Timeout = AnthropicErrorTypes.Timeout;
}
