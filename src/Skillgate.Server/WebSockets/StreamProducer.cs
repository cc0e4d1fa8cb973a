using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Errors;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;
using Skillgate.Server.Pipeline;
using Skillgate.Redaction;
using Skillgate.Upstream;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.WebSockets;

/// <summary>
/// Reads one upstream response and appends it to a <see cref="ResumableStream"/> as frames. The read pauses
/// whenever the stream's reader is too far behind, so a slow reader slows the upstream instead of growing memory.
/// </summary>
internal sealed partial class StreamProducer(IUpstreamForwarder forwarder, IServiceProvider services, GatewayMetrics metrics, GatewayOptions options, TimeProvider time, ILogger<StreamProducer> logger)
{
    private const string Transport = "websocket";

    /// <summary>The largest upstream body read whole (an error body, a non-SSE answer), as in <see cref="HttpRelay"/>.</summary>
    internal const int BufferedBodyLimit = HttpRelay.BufferedBodyLimit;
    private readonly MessagePipeline? _pipeline = services.GetService<MessagePipeline>();

    public async Task RunAsync(ResumableStream stream, UpstreamCall call, long startTimestamp)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var cancellationToken = stream.Cancellation.Token;
        metrics.StreamOpened(Transport);
        try
        {
            if (_pipeline is not null)
            {
                await RunThroughTransportAsync(stream, call, startTimestamp, cancellationToken);
                return;
            }

            using var upstream = await forwarder.SendAsync(call, cancellationToken);
            var message = upstream.Message;
            var requestId = message.Headers.TryGetValues(RequestIds.HeaderName, out var ids) ? ids.FirstOrDefault() : null;
            if (!message.IsSuccessStatusCode)
            {
                var body = await ReadBoundedAsync(message.Content, cancellationToken);
                metrics.Error(HttpRelay.ErrorTypeOf((int)message.StatusCode));
                stream.Complete(body is null
                    ? OversizedBody(stream, (int)message.StatusCode, requestId)
                    : Frames.UpstreamError(stream.Id, stream.NextSeq, (int)message.StatusCode, requestId, body));
                return;
            }

            if (string.Equals(message.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                await PumpEventsAsync(stream, message, call.Tenant.Name, startTimestamp, cancellationToken);
            }
            else
            {
                var body = await ReadBoundedAsync(message.Content, cancellationToken);
                if (body is null)
                {
                    metrics.Error(AnthropicErrorTypes.Api);
                    stream.Complete(OversizedBody(stream, (int)message.StatusCode, requestId));
                    return;
                }

                var usage = SseSniffer.UsageOf(body);
                metrics.Tokens(usage.InputTokens, usage.OutputTokens, call.Tenant.Name);

                await AppendAsync(stream, Frames.Event(stream.Id, stream.NextSeq, "message"u8, body), cancellationToken);
            }

            stream.Complete(Frames.Done(stream.Id, stream.NextSeq, requestId));
        }
        catch (GatewayException ex)
        {
            stream.Complete(Frames.Error(null, stream.Id, stream.NextSeq, ex.StatusCode, ex.ErrorType, ex.Message));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stream.Complete(Frames.Error(null, stream.Id, stream.NextSeq, 499, "cancelled", "The stream was cancelled."));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
        {
            LogStreamCut(logger, stream.Id, ex.GetType().Name);
            metrics.Error(AnthropicErrorTypes.Api);
            stream.Complete(Frames.Error(null, stream.Id, stream.NextSeq, 500, AnthropicErrorTypes.Api, "The upstream stream ended unexpectedly."));
        }
        finally
        {
            metrics.StreamClosed(Transport);
        }
    }

    private async Task RunThroughTransportAsync(ResumableStream stream, UpstreamCall call, long startTimestamp, CancellationToken cancellationToken)
    {
        // A redaction failure is answered as an error frame; nothing is sent upstream.
        PipelineCall prepared;
        try
        {
            prepared = await _pipeline!.PrepareAsync(new PipelineInput
            {
                Tenant = call.Tenant,
                Body = call.Body ?? ReadOnlyMemory<byte>.Empty,
                Info = call.Info,
                Model = call.Model,
                MaxTokens = call.MaxTokens,
                Stream = call.Streaming,
                Headers = [.. call.Headers.Where(h => !h.Key.StartsWith("skillgate-", StringComparison.OrdinalIgnoreCase))],
                DeadlineMs = HeaderValue(call, MessagePipeline.DeadlineHeader),
                ConversationId = HeaderValue(call, MessagePipeline.ConversationHeader),
            }, cancellationToken);
        }
        catch (GatewayException ex)
        {
            metrics.Error(ex.ErrorType);
            stream.Complete(Frames.Error(null, stream.Id, stream.NextSeq, ex.StatusCode, ex.ErrorType, ex.Message, null));
            return;
        }

        var client = prepared.Client;
        var request = prepared.Request;
        try
        {
            if (!call.Streaming)
            {
                var answer = await client.SendAsync(request, cancellationToken);

                prepared.Observe(answer.Usage);
                var body = prepared.RestoreBody(answer.Body, _pipeline.Redactor);
                metrics.Tokens(answer.Usage.InputTokens, answer.Usage.OutputTokens, call.Tenant.Name);
                await AppendAsync(stream, Frames.Event(stream.Id, stream.NextSeq, "message"u8, body.Span), cancellationToken);
                stream.Complete(Frames.Done(stream.Id, stream.NextSeq, answer.RequestId));
                return;
            }

            var opened = await client.StreamAsync(request, cancellationToken);

            await using var upstream = opened;
            var events = new EventCollector(this, stream, startTimestamp) { Restorer = prepared.CreateStreamRestorer() };
            await foreach (var run in upstream.ReadEventsAsync(cancellationToken))
            {
                events.Feed(run.Span);
                await events.FlushAsync(cancellationToken);
            }

            prepared.Observe(upstream.Usage);
            metrics.Tokens(events.InputTokens, events.OutputTokens, call.Tenant.Name);

            // The transport ends a failed stream with an error event (already sent as a frame); the stream then
            // closes with an error frame rather than done.
            stream.Complete(upstream.Error is { } kind
                ? Frames.Error(null, stream.Id, stream.NextSeq, 500, AnthropicErrorTypes.Api, $"The upstream stream ended early ({kind}).", upstream.RequestId)
                : Frames.Done(stream.Id, stream.NextSeq, upstream.RequestId));
        }
        catch (UpstreamException ex)
        {
            metrics.Error(ex.ErrorType);
            var status = TransportForwarder.StatusFor(ex);
            stream.Complete(ex.UpstreamBody.IsEmpty
                ? Frames.Error(null, stream.Id, stream.NextSeq, status, ex.ErrorType, ex.Message, ex.RequestId)
                : Frames.UpstreamError(stream.Id, stream.NextSeq, status, ex.RequestId, ex.UpstreamBody.Span));
        }
    }

    private async Task PumpEventsAsync(ResumableStream stream, HttpResponseMessage message, string tenant, long startTimestamp, CancellationToken cancellationToken)
    {
        var events = new EventCollector(this, stream, startTimestamp);
        try
        {
            await using var body = await message.Content.ReadAsStreamAsync(cancellationToken);
            while (true)
            {
                // Wait for data without a buffer (see HttpRelay), then read what is there.
                _ = await body.ReadAsync(Memory<byte>.Empty, cancellationToken);
                var buffer = ArrayPool<byte>.Shared.Rent(4096);
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, cancellationToken);
                    events.Feed(buffer.AsSpan(0, read));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                if (read == 0)
                {
                    break;
                }

                await events.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            metrics.Tokens(events.InputTokens, events.OutputTokens, tenant);
        }
    }

    /// <summary>Reads a body whole if it is at most <see cref="BufferedBodyLimit"/> bytes; null (and the rest left unread) if larger.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > BufferedBodyLimit)
        {
            return null;
        }

        await using var from = await content.ReadAsStreamAsync(cancellationToken);
        using var to = new MemoryStream();
        return await HttpRelay.CopyUpToAsync(from, to, BufferedBodyLimit, cancellationToken) ? to.ToArray() : null;
    }

    private static byte[] OversizedBody(ResumableStream stream, int status, string? requestId) =>
        Frames.Error(null, stream.Id, stream.NextSeq, 502, AnthropicErrorTypes.Api,
            $"The upstream answered with status {status} and a body larger than {BufferedBodyLimit} bytes; it was not relayed.", requestId);

    private static string? HeaderValue(UpstreamCall call, string name) =>
        call.Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private void FirstToken(long startTimestamp) => metrics.TimeToFirstToken(time.GetElapsedTime(startTimestamp), Transport);

    private async Task AppendAsync(ResumableStream stream, byte[] frame, CancellationToken cancellationToken)
    {
        var ws = options.WebSocket;
        if (stream.IsDetachedOver(ws.MaxResumeBufferBytes))
        {
            // No reader and too much kept: stop reading upstream (the caller's using releases the request) and
            // end the stream after the kept frames, so a resuming client gets all of them and then the reason.
            LogResumeBufferFull(logger, stream.Id, ws.MaxResumeBufferBytes);
            metrics.Error(AnthropicErrorTypes.Api);
            throw new GatewayException(500, AnthropicErrorTypes.Api,
                $"The stream was stopped: no client was attached and its kept frames exceeded WebSocket:MaxResumeBufferBytes ({ws.MaxResumeBufferBytes} bytes). The frames before this one are complete.");
        }

        if (!await stream.AppendAsync(frame, ws.SendBufferEvents, ws.SlowReaderTimeout, cancellationToken))
        {
            LogSlowReader(logger, stream.Id, ws.SlowReaderTimeout.TotalSeconds);
            (stream.Owner as IStreamOwner)?.DisconnectSlowReader();
        }
    }

    /// <summary>Turns SSE bytes into event frames, noting the first token and the usage on the way.</summary>
    private sealed class EventCollector
    {
        private readonly SsePushReader _reader = new();
        private readonly SsePushReader.EventHandler _onEvent;
        private readonly List<byte[]> _pending = new(8);
        private readonly StreamProducer _producer;
        private readonly ResumableStream _stream;
        private readonly long _startTimestamp;
        private bool _sawFirstToken;

        public EventCollector(StreamProducer producer, ResumableStream stream, long startTimestamp)
        {
            _producer = producer;
            _stream = stream;
            _startTimestamp = startTimestamp;
            _onEvent = OnEvent;
        }

        public long InputTokens => _reader.State.InputTokens;

        public long OutputTokens => _reader.State.OutputTokens;

        /// <summary>Restores placeholders in the events when redaction pseudonymized the request.</summary>
        public MessageStreamRestorer? Restorer { get; init; }

        public void Feed(ReadOnlySpan<byte> chunk)
        {
            _reader.Feed(chunk, _onEvent);
            if (!_sawFirstToken && _reader.HasFirstToken)
            {
                _sawFirstToken = true;
                _producer.FirstToken(_startTimestamp);
            }
        }

        private void OnEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
        {
            if (Restorer is null)
            {
                _pending.Add(Frames.Event(_stream.Id, _stream.NextSeq + _pending.Count, name, data));
            }
            else
            {
                foreach (var e in Restorer.Process(Encoding.UTF8.GetString(name), data.ToArray()))
                {
                    _pending.Add(Frames.Event(_stream.Id, _stream.NextSeq + _pending.Count, Encoding.UTF8.GetBytes(e.EventType), e.Data.Span));
                }
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            foreach (var frame in _pending)
            {
                await _producer.AppendAsync(_stream, frame, cancellationToken);
            }

            _pending.Clear();
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "WebSocket stream {StreamId}: upstream cut ({Reason}); ended with an error frame")]
    private static partial void LogStreamCut(ILogger logger, string streamId, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "WebSocket stream {StreamId}: detached and over {MaxBytes} kept bytes; upstream read stopped")]
    private static partial void LogResumeBufferFull(ILogger logger, string streamId, long maxBytes);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "WebSocket stream {StreamId}: reader stayed behind for {Seconds} s; disconnecting it")]
    private static partial void LogSlowReader(ILogger logger, string streamId, double seconds);
}
