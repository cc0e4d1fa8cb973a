using System.Buffers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Errors;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;
using Skillgate.Server.Messages;
using Skillgate.Redaction;
using Skillgate.Upstream;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.WebSockets;

/// <summary>
/// Reads one upstream response and appends it to a <see cref="ResumableStream"/> as frames. The read pauses
/// whenever the stream's reader is too far behind, so a slow reader slows the upstream instead of growing memory.
/// </summary>
internal sealed partial class StreamProducer(MessageExecutor executor, GatewayMetrics metrics, GatewayOptions options, ILogger<StreamProducer> logger)
{
    private const string Transport = "websocket";

    public async Task RunAsync(ResumableStream stream, MessageRequest call)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var cancellationToken = stream.Cancellation.Token;
        metrics.StreamOpened(Transport);
        try
        {
            if (!call.Stream)
            {
                var answer = await executor.SendAsync(call, cancellationToken);
                await AppendAsync(stream, Frames.Event(stream.Id, stream.NextSeq, "message"u8, answer.Body.Span), cancellationToken);
                stream.Complete(Frames.Done(stream.Id, stream.NextSeq, answer.RequestId));
                return;
            }

            await using var upstream = await executor.StreamAsync(call, cancellationToken);
            var events = new EventCollector(this, stream);
            await foreach (var run in upstream.ReadAsync(cancellationToken))
            {
                events.Feed(run.Span);
                await events.FlushAsync(cancellationToken);
            }

            // The transport ends a failed stream with an error event (already sent as a frame); the stream then
            // closes with an error frame rather than done.
            stream.Complete(upstream.Error is { } kind
                ? Frames.Error(null, stream.Id, stream.NextSeq, 500, AnthropicErrorTypes.Api, $"The upstream stream ended early ({kind}).", upstream.RequestId)
                : Frames.Done(stream.Id, stream.NextSeq, upstream.RequestId));
        }
        catch (UpstreamException ex)
        {
            metrics.Error(ex.ErrorType);
            var status = UpstreamFailure.StatusFor(ex);
            stream.Complete(ex.UpstreamBody.IsEmpty
                ? Frames.Error(null, stream.Id, stream.NextSeq, status, ex.ErrorType, ex.Message, ex.RequestId)
                : Frames.UpstreamError(stream.Id, stream.NextSeq, status, ex.RequestId, ex.UpstreamBody.Span));
        }
        catch (GatewayException ex)
        {
            metrics.Error(ex.ErrorType);
            stream.Complete(Frames.Error(null, stream.Id, stream.NextSeq, ex.StatusCode, ex.ErrorType, ex.Message, null));
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

    /// <summary>Turns runs of SSE events (already restored) into event frames.</summary>
    private sealed class EventCollector
    {
        private readonly SsePushReader _reader = new();
        private readonly SsePushReader.EventHandler _onEvent;
        private readonly List<byte[]> _pending = new(8);
        private readonly StreamProducer _producer;
        private readonly ResumableStream _stream;

        public EventCollector(StreamProducer producer, ResumableStream stream)
        {
            _producer = producer;
            _stream = stream;
            _onEvent = OnEvent;
        }

        public void Feed(ReadOnlySpan<byte> run) => _reader.Feed(run, _onEvent);

        private void OnEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data) =>
            _pending.Add(Frames.Event(_stream.Id, _stream.NextSeq + _pending.Count, name, data));

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
