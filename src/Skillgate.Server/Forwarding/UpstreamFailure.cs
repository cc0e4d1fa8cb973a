using System.Globalization;
using Microsoft.AspNetCore.Http;
using Skillgate.Server.Errors;
using Skillgate.Upstream;

namespace Skillgate.Server.Forwarding;

/// <summary>How a failed upstream call reaches an HTTP caller: the upstream's own status and body when it answered, 502/504 when it could not be reached.</summary>
internal static class UpstreamFailure
{
    /// <summary>The caller's status: the upstream's own, or 502/504 when the gateway could not get an answer.</summary>
    public static int StatusFor(UpstreamException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Kind switch
        {
            UpstreamErrorKind.ConnectionFailed or UpstreamErrorKind.StreamInterrupted => StatusCodes.Status502BadGateway,
            UpstreamErrorKind.ConnectTimeout or UpstreamErrorKind.TlsHandshakeTimeout or UpstreamErrorKind.ResponseHeadersTimeout
                or UpstreamErrorKind.FirstTokenTimeout or UpstreamErrorKind.TotalTimeout => StatusCodes.Status504GatewayTimeout,
            _ => ex.StatusCode is >= 400 and <= 599 ? ex.StatusCode : StatusCodes.Status502BadGateway,
        };
    }

    /// <summary>The error body: the upstream's own when it sent one, else an Anthropic-shaped one.</summary>
    public static ReadOnlyMemory<byte> BodyFor(UpstreamException ex, string? requestId) =>
        ex.UpstreamBody.IsEmpty ? AnthropicError.ToJson(ex.ErrorType, ex.Message, ex.RequestId ?? requestId) : ex.UpstreamBody;

    /// <summary>Answers <paramref name="ex"/> on a response that has not started: status, upstream headers, retry-after, body.</summary>
    public static async Task WriteAsync(HttpContext context, UpstreamException ex, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusFor(ex);
        response.ContentType = "application/json";
        foreach (var (name, value) in ex.Headers)
        {
            response.Headers.Append(name, value);
        }

        if (ex.RequestId is { } id)
        {
            response.Headers[RequestIds.HeaderName] = id;
        }

        if (ex.RetryAfter is { } wait)
        {
            response.Headers["retry-after"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var body = BodyFor(ex, RequestIds.Get(context));
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }
}
