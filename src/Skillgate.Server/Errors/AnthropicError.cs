using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Skillgate.Server.Errors;

/// <summary>Writes errors to HTTP responses in the Anthropic API's shape (the body is Core's <see cref="Skillgate.Protocol.AnthropicError"/>): <c>{"type":"error","error":{"type","message"},"request_id"}</c>.</summary>
internal static class AnthropicError
{
    public static byte[] ToJson(string errorType, string message, string? requestId) =>
        new Skillgate.Protocol.AnthropicError(errorType, message).ToResponseBody(requestId);

    public static Task WriteAsync(HttpContext context, int statusCode, string errorType, string message, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var body = ToJson(errorType, message, RequestIds.Get(context));
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    public static Task WriteAsync(HttpContext context, GatewayException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return WriteAsync(context, error.StatusCode, error.ErrorType, error.Message, error.RetryAfter);
    }
}
