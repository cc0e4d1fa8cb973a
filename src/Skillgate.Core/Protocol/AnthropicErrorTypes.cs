namespace Skillgate.Protocol;

/// <summary>The <c>error.type</c> values of the Anthropic API and the HTTP status each one travels with.</summary>
public static class AnthropicErrorTypes
{
    /// <summary>400: the request is malformed or a field is missing or of the wrong type.</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>401: the API key is missing or not valid.</summary>
    public const string Authentication = "authentication_error";

    /// <summary>402: billing problem.</summary>
    public const string Billing = "billing_error";

    /// <summary>403: the key may not use the resource.</summary>
    public const string Permission = "permission_error";

    /// <summary>404: the resource (path, model, batch) does not exist.</summary>
    public const string NotFound = "not_found_error";

    /// <summary>413: the body is larger than the API accepts (32 MB for Messages).</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>429: a rate limit of the key was hit; see <c>retry-after</c>.</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>500: an unexpected error inside the API.</summary>
    public const string Api = "api_error";

    /// <summary>504: the request timed out inside the API.</summary>
    public const string Timeout = "timeout_error";

    /// <summary>529 (or 503 from gateways): the API is temporarily overloaded.</summary>
    public const string Overloaded = "overloaded_error";

    /// <summary>The HTTP status code for an error type; 500 for an unknown type.</summary>
    public static int ToStatusCode(string errorType) => errorType switch
    {
        InvalidRequest => 400,
        Authentication => 401,
        Billing => 402,
        Permission => 403,
        NotFound => 404,
        RequestTooLarge => 413,
        RateLimit => 429,
        Api => 500,
        Timeout => 504,
        Overloaded => 529,
        _ => 500,
    };

    /// <summary>The error type the API uses for an HTTP status code (any other 4xx is
    /// <see cref="InvalidRequest"/>, any other 5xx is <see cref="Api"/>).</summary>
    public static string FromStatusCode(int statusCode) => statusCode switch
    {
        401 => Authentication,
        402 => Billing,
        403 => Permission,
        404 => NotFound,
        413 => RequestTooLarge,
        429 => RateLimit,
        503 or 529 => Overloaded,
        504 => Timeout,
        >= 400 and < 500 => InvalidRequest,
        _ => Api,
    };

    /// <summary>Whether a client may retry a request that failed with this status
    /// (408, 409, 429 and every 5xx, like the official SDKs).</summary>
    public static bool IsRetryableStatus(int statusCode) =>
        statusCode is 408 or 409 or 429 || statusCode >= 500;
}
