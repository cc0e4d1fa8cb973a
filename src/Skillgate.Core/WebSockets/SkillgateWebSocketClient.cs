using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Skillgate.WebSockets;

/// <summary>
/// A client for the gateway's WebSocket transport (<c>/v1/ws</c>): many streams over one socket. When the
/// socket drops, it reconnects and resumes every open stream from the last event it received, so callers see
/// each stream whole, without gaps or repeats.
/// </summary>
public sealed partial class SkillgateWebSocketClient : IAsyncDisposable
{
    private readonly Uri _uri;
    private readonly SkillgateWebSocketClientOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly ConcurrentDictionary<string, ClientStream> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ClientStream> _byStreamId = new(StringComparer.Ordinal);
    private ClientWebSocket _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private int _nextId;

    private SkillgateWebSocketClient(Uri uri, SkillgateWebSocketClientOptions options, ClientWebSocket socket)
    {
        _uri = uri;
        _options = options;
        _socket = socket;
    }

    /// <summary>How many times the client has reconnected and resumed its streams.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Connects to the gateway's <c>/v1/ws</c>.</summary>
    /// <param name="uri">The WebSocket URL, e.g. <c>ws://127.0.0.1:8080/v1/ws</c>.</param>
    /// <param name="options">Key, headers, reconnect policy; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    public static async Task<SkillgateWebSocketClient> ConnectAsync(Uri uri, SkillgateWebSocketClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        options ??= new SkillgateWebSocketClientOptions();
        var socket = await OpenAsync(uri, options, cancellationToken).ConfigureAwait(false);
        var client = new SkillgateWebSocketClient(uri, options, socket);
        client._receiveLoop = client.ReceiveLoopAsync(socket);
        return client;
    }

    /// <summary>
    /// Starts a stream for a Messages request body (JSON, normally with <c>"stream": true</c>) and yields its
    /// events in order. Ends after the last event; throws <see cref="GatewayStreamException"/> on an error frame.
    /// Cancelling <paramref name="cancellationToken"/> cancels the stream at the gateway too.
    /// </summary>
    public IAsyncEnumerable<GatewayStreamEvent> StreamAsync(ReadOnlyMemory<byte> requestBody, CancellationToken cancellationToken = default) =>
        RunAsync(w =>
        {
            w.WriteString("type", "request");
            w.WritePropertyName("body");
            w.WriteRawValue(requestBody.Span);
        }, 0, cancellationToken);

    /// <summary>Resumes a stream (e.g. after a restart of the caller) from after sequence number <paramref name="lastSeq"/>.</summary>
    public IAsyncEnumerable<GatewayStreamEvent> ResumeAsync(string streamId, int lastSeq, CancellationToken cancellationToken = default) =>
        RunAsync(w =>
        {
            w.WriteString("type", "resume");
            w.WriteString("stream_id", streamId);
            w.WriteNumber("last_seq", lastSeq);
        }, lastSeq, cancellationToken);

    /// <summary>Closes the socket; streams still open end with an exception.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _options.TimeProvider);
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            _socket.Abort();
        }

        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing anyway.
        }

        _socket.Dispose();
        FailAll(new GatewayStreamException(499, "cancelled", "The client was disposed."));
        _sendLock.Dispose();
        _disposed.Dispose();
    }

    /// <summary>Drops the socket without a close handshake, as a network failure would (for tests of resume).</summary>
    internal void DropConnection() => _socket.Abort();

    private async IAsyncEnumerable<GatewayStreamEvent> RunAsync(Action<Utf8JsonWriter> writeFrame, int lastSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var stream = new ClientStream(id, _options.StreamBufferFrames, Math.Max(0, _options.StreamWindowEvents)) { ReceivedSeq = lastSeq };
        _byClientId[id] = stream;
        var finished = false;
        try
        {
            await SendAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                writeFrame(w);
                if (stream.Window > 0)
                {
                    w.WriteNumber("window", stream.Window);
                }

                w.WriteEndObject();
            }, cancellationToken).ConfigureAwait(false);

            var delivered = lastSeq;
            await foreach (var frame in stream.Frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (frame.Type)
                {
                    case "event" when frame.Seq > delivered:
                        delivered = frame.Seq;
                        yield return new GatewayStreamEvent(frame.StreamId!, frame.Seq, frame.Event ?? "message", frame.Data);
                        await GrantAsync(stream, stream.Consumed()).ConfigureAwait(false);
                        break;
                    case "done":
                        finished = true;
                        yield break;
                    case "error" when frame.Resumable && frame.StreamId is not null:
                        // The caller left this stream unread past the gateway's limit; it is read now, so pick it up again.
                        stream.ReceivedSeq = delivered;
                        await SendResumeAsync(stream, delivered, cancellationToken).ConfigureAwait(false);
                        break;
                    case "error":
                        finished = true;
                        throw new GatewayStreamException(frame.Status, frame.ErrorType ?? "api_error", frame.ErrorMessage ?? "The stream failed.", frame.RequestId);
                    default:
                        break;
                }
            }
        }
        finally
        {
            stream.Frames.Writer.TryComplete();
            _byClientId.TryRemove(id, out _);
            if (stream.StreamId is { } streamId)
            {
                _byStreamId.TryRemove(streamId, out _);
                if (!finished && !_disposed.IsCancellationRequested)
                {
                    await TryCancelAsync(streamId).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task GrantAsync(ClientStream stream, int events)
    {
        if (events == 0 || stream.StreamId is not { } streamId)
        {
            return;
        }

        try
        {
            await SendAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "credit");
                w.WriteString("stream_id", streamId);
                w.WriteNumber("events", events);
                w.WriteEndObject();
            }, _disposed.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The socket dropped: the resume after the reconnect sets the credit afresh.
        }
    }

    private Task SendResumeAsync(ClientStream stream, int lastSeq, CancellationToken cancellationToken) =>
        SendAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "resume");
            w.WriteString("id", stream.ClientId);
            w.WriteString("stream_id", stream.StreamId);
            w.WriteNumber("last_seq", lastSeq);
            if (stream.Window > 0)
            {
                w.WriteNumber("window", stream.ResumeWindow());
            }

            w.WriteEndObject();
        }, cancellationToken);

    private async Task TryCancelAsync(string streamId)
    {
        try
        {
            await SendAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "cancel");
                w.WriteString("stream_id", streamId);
                w.WriteEndObject();
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Best effort: the gateway also expires streams no one resumes.
        }
    }

    private async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static async Task<ClientWebSocket> OpenAsync(Uri uri, SkillgateWebSocketClientOptions options, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.KeepAliveInterval = options.KeepAliveInterval;
            if (options.ApiKey is { } key)
            {
                socket.Options.SetRequestHeader("x-api-key", key);
            }

            foreach (var (name, value) in options.Headers)
            {
                socket.Options.SetRequestHeader(name, value);
            }

            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
