using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace Skillgate.WebSockets;

/// <summary>The receive loop: routes frames to their streams, and reconnects and resumes when the socket drops.</summary>
public sealed partial class SkillgateWebSocketClient
{
    private async Task ReceiveLoopAsync(ClientWebSocket socket)
    {
        while (true)
        {
            try
            {
                await ReadFramesAsync(socket).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or JsonException)
            {
                // Treated as a lost connection below.
            }
            catch (InvalidDataException ex)
            {
                // Resuming would get the same message again: give up on the connection.
                socket.Abort();
                FailAll(new GatewayStreamException(502, "api_error", ex.Message));
                return;
            }

            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            if (!await ReconnectAsync().ConfigureAwait(false))
            {
                FailAll(new GatewayStreamException(503, "overloaded_error", "The connection to the gateway was lost and could not be re-established."));
                return;
            }

            socket = _socket;
        }
    }

    private async Task ReadFramesAsync(ClientWebSocket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, _options.MaxMessageBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(length), _disposed.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
                if (length > _options.MaxMessageBytes)
                {
                    throw new InvalidDataException($"The gateway sent a message larger than {_options.MaxMessageBytes} bytes.");
                }

                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = ServerFrame.Parse(buffer.AsSpan(0, length));
                length = 0;
                await RouteAsync(frame).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask RouteAsync(ServerFrame frame)
    {
        ClientStream? stream;
        if (frame.Type == "started")
        {
            if (frame.Id is not null && frame.StreamId is not null && _byClientId.TryGetValue(frame.Id, out stream))
            {
                stream.StreamId = frame.StreamId;
                _byStreamId[frame.StreamId] = stream;
            }

            return;
        }

        if (frame.StreamId is not null)
        {
            _byStreamId.TryGetValue(frame.StreamId, out stream);
        }
        else if (frame.Id is not null)
        {
            _byClientId.TryGetValue(frame.Id, out stream);
        }
        else
        {
            return;
        }

        if (stream is null)
        {
            return;
        }

        if (frame.Type == "event")
        {
            stream.ReceivedSeq = Math.Max(stream.ReceivedSeq, frame.Seq);
        }

        try
        {
            // With a window the channel has room for every frame the gateway may send: this never waits.
            if (!stream.Frames.Writer.TryWrite(frame))
            {
                await stream.Frames.Writer.WriteAsync(frame, _disposed.Token).ConfigureAwait(false);
            }
        }
        catch (ChannelClosedException)
        {
            // The caller stopped reading this stream.
        }
    }

    private async Task<bool> ReconnectAsync()
    {
        var delay = _options.ReconnectDelay;
        for (var attempt = 0; attempt < _options.ReconnectAttempts; attempt++)
        {
            try
            {
                await Task.Delay(delay, _options.TimeProvider, _disposed.Token).ConfigureAwait(false);
                var socket = await OpenAsync(_uri, _options, _disposed.Token).ConfigureAwait(false);
                var old = _socket;
                _socket = socket;
                old.Dispose();
                Reconnects++;
                foreach (var pending in _byClientId.Values)
                {
                    if (pending.StreamId is null)
                    {
                        pending.Frames.Writer.TryComplete(new GatewayStreamException(503, "overloaded_error", "The connection was lost before the stream started; it is safe to retry."));
                    }
                }

                foreach (var stream in _byStreamId.Values)
                {
                    await SendResumeAsync(stream, stream.ReceivedSeq, _disposed.Token).ConfigureAwait(false);
                }

                return true;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException)
            {
                delay += delay;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    private void FailAll(Exception error)
    {
        foreach (var stream in _byClientId.Values)
        {
            stream.Frames.Writer.TryComplete(error);
        }
    }
}
