using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Skillgate.Server.Errors;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Upstream;

namespace Skillgate.Server.Pipeline;

/// <summary>
/// <see cref="IUpstreamForwarder"/> over the pipeline: <c>POST /v1/messages</c> goes through redaction, the scheduler
/// and the transport (as the gateway's own endpoints do), answered as an <see cref="HttpResponseMessage"/> so that
/// callers of the seam (e.g. the conversation endpoints) need not change; everything else goes to the plain relay.
/// </summary>
internal sealed class PipelineForwarder(MessagePipeline pipeline, HttpUpstreamForwarder relay, TimeProvider time) : IUpstreamForwarder
{
    public async Task<Forwarding.UpstreamResponse> SendAsync(UpstreamCall call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Method != HttpMethod.Post || call.Body is not { } body || !IsMessages(call.PathAndQuery))
        {
            return await relay.SendAsync(call, cancellationToken);
        }

        // A call with neither a parsed body nor an estimate of its own (e.g. a conversation's summary call) is parsed
        // here, so that it is admitted with a calibrated estimate and its usage is learned from like any other.
        var info = call.Info;
        if (info is null && call.EstimatedInputTokens <= 0 && Skillgate.Protocol.MessageRequestParser.TryParse(body.Span, requireMaxTokens: false, out var parsed, out _))
        {
            info = parsed;
        }

        var prepared = await pipeline.PrepareAsync(new PipelineInput
        {
            Tenant = call.Tenant,
            Body = body,
            Info = info,
            Model = call.Model ?? info?.Model,
            MaxTokens = call.MaxTokens > 0 ? call.MaxTokens : info?.MaxTokens ?? 0,
            Stream = call.Streaming,
            EstimatedInputTokens = call.EstimatedInputTokens,
            Headers = [.. call.Headers.Where(h => !h.Key.StartsWith("skillgate-", StringComparison.OrdinalIgnoreCase))],
            DeadlineMs = Header(call, MessagePipeline.DeadlineHeader),
            ConversationId = Header(call, MessagePipeline.ConversationHeader),
        }, cancellationToken);
        var sent = time.GetTimestamp();
        try
        {
            if (!call.Streaming)
            {
                var answer = await prepared.Client.SendAsync(prepared.Request, cancellationToken);

                prepared.Observe(answer.Usage);
                var message = Message(HttpStatusCode.OK, answer.Headers, new ReadOnlyMemoryContent(prepared.RestoreBody(answer.Body, pipeline.Redactor)), "application/json");
                return new Forwarding.UpstreamResponse(message, null, sent, time.GetTimestamp());
            }

            var stream = await prepared.Client.StreamAsync(prepared.Request, cancellationToken);

            var pump = new StreamPump(stream, prepared);
            var streamed = Message(HttpStatusCode.OK, stream.Headers, new StreamContent(pump.Reader), "text/event-stream");
            return new Forwarding.UpstreamResponse(streamed, pump, sent, time.GetTimestamp());
        }
        catch (UpstreamException ex)
        {
            var error = ex.UpstreamBody.IsEmpty ? AnthropicError.ToJson(ex.ErrorType, ex.Message, ex.RequestId) : ex.UpstreamBody.ToArray();
            var message = Message((HttpStatusCode)TransportForwarder.StatusFor(ex), ex.Headers, new ByteArrayContent(error), "application/json");
            if (ex.RetryAfter is { } wait && !message.Headers.Contains("retry-after"))
            {
                message.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(wait.TotalSeconds))));
            }

            return new Forwarding.UpstreamResponse(message, null, sent, time.GetTimestamp());
        }
    }

    public Task<bool> ProbeAsync(CancellationToken cancellationToken = default) => relay.ProbeAsync(cancellationToken);

    private static bool IsMessages(string pathAndQuery)
    {
        var path = pathAndQuery.AsSpan();
        var query = path.IndexOf('?');
        return (query < 0 ? path : path[..query]).SequenceEqual("/v1/messages");
    }

    private static string? Header(UpstreamCall call, string name) =>
        call.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static HttpResponseMessage Message(HttpStatusCode status, IReadOnlyList<KeyValuePair<string, string>> headers, HttpContent content, string contentType)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var message = new HttpResponseMessage(status) { Content = content };
        foreach (var (name, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>Copies the transport's events (restored when redaction pseudonymized) into a pipe the response body reads.</summary>
    private sealed class StreamPump : IDisposable
    {
        private readonly Pipe _pipe = new();
        private readonly CancellationTokenSource _stop = new();

        public StreamPump(UpstreamStream stream, PipelineCall call)
        {
            Reader = _pipe.Reader.AsStream();
            _ = PumpAsync(stream, call);
        }

        public Stream Reader { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _pipe.Reader.Complete();
        }

        private async Task PumpAsync(UpstreamStream stream, PipelineCall call)
        {
            var restorer = call.CreateSseRestorer();
            try
            {
                await using (stream)
                {
                    await foreach (var run in stream.ReadEventsAsync(_stop.Token))
                    {
                        await _pipe.Writer.WriteAsync(restorer is null ? run : restorer.Restore(run.Span), _stop.Token);
                    }
                }

                call.Observe(stream.Usage);
                await _pipe.Writer.CompleteAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await _pipe.Writer.CompleteAsync(ex);
            }
        }
    }
}
