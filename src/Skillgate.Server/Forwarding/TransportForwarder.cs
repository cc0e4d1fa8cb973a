using System.Globalization;
using Microsoft.AspNetCore.Http;
using Skillgate.Redaction;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;
using Skillgate.Server.Pipeline;
using Skillgate.Upstream;

namespace Skillgate.Server.Forwarding;

/// <summary>
/// <c>POST /v1/messages</c> through the pipeline (<see cref="MessagePipeline"/>): admission by the scheduler while the
/// library's transport (<see cref="IUpstreamClient"/>) acquires a key, then the answer — restored when redaction
/// pseudonymized the request — with the upstream's <c>request-id</c> and <c>anthropic-ratelimit-*</c> headers.
/// </summary>
internal sealed class TransportForwarder(GatewayMetrics metrics, TimeProvider time)
{
    public async Task RelayAsync(HttpContext context, GatewayRequestFeature request, PipelineCall call, RequestRedactor redactor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        var response = context.Response;
        var sent = time.GetTimestamp();
        try
        {
            if (!call.Request.Stream)
            {
                var answer = await call.Client.SendAsync(call.Request, cancellationToken);

                call.Observe(answer.Usage);
                metrics.Tokens(answer.Usage.InputTokens, answer.Usage.OutputTokens, request.Tenant.Name);
                var body = call.RestoreBody(answer.Body, redactor);
                response.StatusCode = answer.StatusCode;
                response.ContentType = "application/json";
                response.ContentLength = body.Length;
                WriteHeaders(response, request, sent, answer.Headers);
                await response.Body.WriteAsync(body, cancellationToken);
                return;
            }

            var stream = await call.Client.StreamAsync(call.Request, cancellationToken);

            await using (stream)
            {
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
                WriteHeaders(response, request, sent, stream.Headers);
                metrics.TimeToFirstToken(time.GetElapsedTime(request.StartTimestamp), "sse");
                metrics.StreamOpened("sse");
                try
                {
                    var restorer = call.CreateSseRestorer();
                    await foreach (var run in stream.ReadEventsAsync(cancellationToken))
                    {
                        await response.Body.WriteAsync(restorer is null ? run : restorer.Restore(run.Span), cancellationToken);
                    }
                }
                finally
                {
                    metrics.StreamClosed("sse");
                    call.Observe(stream.Usage);
                    metrics.Tokens(stream.Usage.InputTokens, stream.Usage.OutputTokens, request.Tenant.Name);
                    if (stream.Error is { } kind)
                    {
                        metrics.Error(kind.ToString());
                    }
                }
            }
        }
        catch (UpstreamException ex) when (!response.HasStarted)
        {
            var status = StatusFor(ex);
            metrics.Error(ex.ErrorType);
            response.StatusCode = status;
            response.ContentType = "application/json";
            CopyUpstreamHeaders(response, ex.Headers);
            if (ex.RequestId is { } id)
            {
                response.Headers[RequestIds.HeaderName] = id;
            }

            if (ex.RetryAfter is { } wait)
            {
                response.Headers["retry-after"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            var body = ex.UpstreamBody.IsEmpty ? AnthropicError.ToJson(ex.ErrorType, ex.Message, RequestIds.Get(context)) : ex.UpstreamBody;
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, cancellationToken);
        }
    }

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

    private void WriteHeaders(HttpResponse response, GatewayRequestFeature request, long sent, IReadOnlyList<KeyValuePair<string, string>> upstream)
    {
        CopyUpstreamHeaders(response, upstream);

        // Admission wait and the transport's whole call (retries included) count as upstream wait.
        var overhead = time.GetElapsedTime(request.StartTimestamp) - time.GetElapsedTime(sent);
        metrics.Overhead(overhead);
        response.Headers[HttpRelay.OverheadHeader] = Math.Max(0, overhead.TotalMilliseconds).ToString("0.000", CultureInfo.InvariantCulture);
    }

    private static void CopyUpstreamHeaders(HttpResponse response, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            response.Headers.Append(name, value);
        }
    }
}
