using Microsoft.AspNetCore.Http;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;
using Skillgate.Upstream;

namespace Skillgate.Server.Messages;

/// <summary>The HTTP sink of <see cref="MessageExecutor"/>: an answer as JSON, a stream as SSE, a failure in the upstream's shape.</summary>
internal sealed class MessageHttpWriter(MessageExecutor executor, GatewayMetrics metrics, TimeProvider time)
{
    public async Task WriteAsync(HttpContext context, MessageRequest request, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var sent = time.GetTimestamp();
        try
        {
            if (!request.Stream)
            {
                var answer = await executor.SendAsync(request, cancellationToken);
                response.StatusCode = answer.StatusCode;
                response.ContentType = "application/json";
                response.ContentLength = answer.Body.Length;
                WriteHeaders(response, request.StartTimestamp, sent, answer.Headers);
                await response.Body.WriteAsync(answer.Body, cancellationToken);
                return;
            }

            await using var stream = await executor.StreamAsync(request, cancellationToken);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            WriteHeaders(response, request.StartTimestamp, sent, stream.Headers);
            metrics.StreamOpened(request.Channel);
            try
            {
                await foreach (var run in stream.ReadAsync(cancellationToken))
                {
                    await response.Body.WriteAsync(run, cancellationToken);
                }
            }
            finally
            {
                metrics.StreamClosed(request.Channel);
            }
        }
        catch (UpstreamException ex) when (!response.HasStarted)
        {
            metrics.Error(ex.ErrorType);
            await UpstreamFailure.WriteAsync(context, ex, cancellationToken);
        }
    }

    /// <summary>Copies the upstream's headers and adds the gateway's own time on the call.</summary>
    public void WriteHeaders(HttpResponse response, long startTimestamp, long sent, IReadOnlyList<KeyValuePair<string, string>> upstream)
    {
        foreach (var (name, value) in upstream)
        {
            response.Headers.Append(name, value);
        }

        metrics.Overhead(MessageHeaders.WriteOverhead(response, time, startTimestamp, sent));
    }
}
