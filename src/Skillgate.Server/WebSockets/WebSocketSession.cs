using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Skillgate.Server.Auth;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.WebSockets;

/// <summary>
/// One client socket carrying many streams: reads client frames, starts and resumes streams, and sends their
/// frames one message at a time. A send blocked past the slow-reader limit closes the socket; its streams go on
/// producing for a later resume.
/// </summary>
internal sealed partial class WebSocketSession : IStreamOwner, IDisposable
{
    private readonly WebSocket _socket;
    private readonly Tenant _tenant;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _connectionHeaders;
    private readonly WebSocketServices _services;
    private readonly GatewayWebSocketOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<string, ResumableStream> _attached = new(StringComparer.Ordinal);
    private readonly ITimer _watchdog;
    private long _sendStartedAt;

    public WebSocketSession(WebSocket socket, Tenant tenant, IReadOnlyList<KeyValuePair<string, string>> connectionHeaders, WebSocketServices services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _socket = socket;
        _tenant = tenant;
        _connectionHeaders = connectionHeaders;
        _services = services;
        _options = services.Options.WebSocket;
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(20).Ticks, _options.SlowReaderTimeout.Ticks / 4));
        _watchdog = services.Time.CreateTimer(_ => CheckSend(), null, period, period);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(() => _closing.Cancel());
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(_options.MaxMessageBytes, 16 * 1024));
        var length = 0;
        var oversized = false;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                if (length == buffer.Length && !oversized)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_options.MaxMessageBytes + 1, buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var target = oversized ? buffer.AsMemory() : buffer.AsMemory(length);
                var result = await _socket.ReceiveAsync(target, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
                    return;
                }

                if (!oversized)
                {
                    length += result.Count;
                    oversized = length > _options.MaxMessageBytes;
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                if (oversized)
                {
                    await SendErrorAsync(null, 413, AnthropicErrorTypes.RequestTooLarge, $"The frame exceeds the limit of {_options.MaxMessageBytes} bytes.");
                }
                else if (result.MessageType == WebSocketMessageType.Binary)
                {
                    await SendErrorAsync(null, 400, AnthropicErrorTypes.InvalidRequest, "Frames must be JSON text messages, not binary.");
                }
                else
                {
                    await HandleAsync(buffer.AsMemory(0, length));
                }

                length = 0;
                oversized = false;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The peer went away, stopped answering pings, was too slow, or the server is stopping.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await _closing.CancelAsync();
            foreach (var stream in _attached.Values)
            {
                stream.Detach(this);
            }

            _attached.Clear();
        }
    }

    public void DisconnectSlowReader()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        LogSlowReader(_services.Logger, _tenant.Name);
        _services.Metrics.Error("slow_reader");
        _closing.Cancel();
        _socket.Abort();
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        _closing.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendAsync(byte[] frame)
    {
        await _sendLock.WaitAsync(_closing.Token);
        try
        {
            Volatile.Write(ref _sendStartedAt, _services.Time.GetTimestamp());
            await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            Volatile.Write(ref _sendStartedAt, 0);
            _sendLock.Release();
        }
    }

    private Task SendErrorAsync(string? clientId, int status, string errorType, string message)
    {
        _services.Metrics.Error(errorType);
        return SendAsync(Frames.Error(clientId, null, 0, status, errorType, message));
    }

    private void CheckSend()
    {
        var started = Volatile.Read(ref _sendStartedAt);
        if (started != 0 && _services.Time.GetElapsedTime(started) > _options.SlowReaderTimeout)
        {
            DisconnectSlowReader();
            return;
        }

        foreach (var stream in _attached.Values)
        {
            if (stream.TryDetachStalled(this, _options.SlowReaderTimeout, out var lastSeq))
            {
                _attached.TryRemove(new KeyValuePair<string, ResumableStream>(stream.Id, stream));
                _ = EndPausedStreamAsync(stream.Id, lastSeq);
            }
        }
    }

    /// <summary>Tells the client that one stream sat at zero credit too long and left this socket; the stream stays resumable.</summary>
    private async Task EndPausedStreamAsync(string streamId, int lastSeq)
    {
        LogStreamPaused(_services.Logger, streamId, _tenant.Name);
        _services.Metrics.Error("slow_reader");
        try
        {
            await SendAsync(Frames.Paused(streamId, lastSeq, _options.SlowReaderTimeout));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The socket is going away anyway.
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        await _closing.CancelAsync();
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _services.Time);
                await _socket.CloseOutputAsync(status, description, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            _socket.Abort();
        }
    }

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "WebSocket stream {StreamId} of tenant {Tenant} stayed at zero credit too long; ended on its socket, kept for resume")]
    private static partial void LogStreamPaused(ILogger logger, string streamId, string tenant);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "WebSocket of tenant {Tenant} was too slow a reader; disconnected")]
    private static partial void LogSlowReader(ILogger logger, string tenant);
}
