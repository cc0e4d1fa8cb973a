namespace Skillgate.Server.Errors;

/// <summary>The <c>error.type</c> values of the Anthropic API.</summary>
internal static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RequestTooLarge = "request_too_large";
    public const string RateLimit = "rate_limit_error";
    public const string Api = "api_error";
    public const string Overloaded = "overloaded_error";
    public const string Timeout = "timeout_error";
}
