using Skillgate.Server.Errors;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Messages;
using AnthropicErrorTypes = Skillgate.Protocol.AnthropicErrorTypes;

namespace Skillgate.Server.WebSockets;

/// <summary>The client frames: request, resume, credit, cancel, ping.</summary>
internal sealed partial class WebSocketSession
{
    private async Task HandleAsync(ReadOnlyMemory<byte> message)
    {
        ClientFrame frame;
        try
        {
            frame = ClientFrame.Parse(message.Span);
        }
        catch (GatewayException ex)
        {
            await SendErrorAsync(null, ex.StatusCode, ex.ErrorType, ex.Message);
            return;
        }

        try
        {
            switch (frame.Type)
            {
                case "request":
                    await StartAsync(frame);
                    break;
                case "resume":
                    await ResumeAsync(frame);
                    break;
                case "credit":
                    Credit(frame);
                    break;
                case "cancel":
                    Cancel(frame);
                    break;
                case "ping":
                    await SendAsync(Frames.Pong());
                    break;
                default:
                    throw GatewayException.InvalidRequest($"type: unknown frame type '{Truncate(frame.Type)}' (expected request, resume, credit, cancel or ping)");
            }
        }
        catch (GatewayException ex)
        {
            await SendErrorAsync(frame.Id, ex.StatusCode, ex.ErrorType, ex.Message);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException))
        {
            // A bug of ours must not take down the socket and every stream on it.
            LogFrameFailure(_services.Logger, ex, frame.Type);
            await SendErrorAsync(frame.Id, 500, AnthropicErrorTypes.Api, "An internal error occurred while handling the frame.");
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 3102, Level = Microsoft.Extensions.Logging.LogLevel.Error, Message = "Handling a {FrameType} frame failed")]
    private static partial void LogFrameFailure(Microsoft.Extensions.Logging.ILogger logger, Exception exception, string frameType);

    private async Task StartAsync(ClientFrame frame)
    {
        var start = _services.Time.GetTimestamp();
        if (frame.Id is null)
        {
            throw GatewayException.InvalidRequest("id: Field required (a client-chosen id for the stream)");
        }

        if (frame.Body is null)
        {
            throw GatewayException.InvalidRequest("body: Field required (a Messages request)");
        }

        var info = RequestValidator.ValidateMessages(frame.Body, requireMaxTokens: true);
        if (_attached.Count >= _options.MaxStreamsPerConnection)
        {
            throw new GatewayException(429, AnthropicErrorTypes.RateLimit, $"This socket already carries {_options.MaxStreamsPerConnection} streams.");
        }

        if (_tenant.Quota is { } quota && !quota.TryAcquire(out var retryAfter))
        {
            throw new GatewayException(429, AnthropicErrorTypes.RateLimit, $"Tenant '{_tenant.Name}' is over its requests-per-minute quota; retry in {Math.Ceiling(retryAfter.TotalSeconds)} s.");
        }

        var headers = new List<KeyValuePair<string, string>>(_connectionHeaders.Count + frame.Headers.Count + 1);
        foreach (var header in _connectionHeaders)
        {
            if (!frame.Headers.Exists(h => string.Equals(h.Key, header.Key, StringComparison.OrdinalIgnoreCase)))
            {
                headers.Add(header);
            }
        }

        headers.AddRange(frame.Headers.Where(h => !string.Equals(h.Key, "x-api-key", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(h.Key, "authorization", StringComparison.OrdinalIgnoreCase)));
        if (!headers.Exists(h => string.Equals(h.Key, "anthropic-version", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("anthropic-version", "2023-06-01"));
        }

        var call = new MessageRequest
        {
            Tenant = _tenant,
            Body = frame.Body,
            Info = info,
            Model = info.Model,
            MaxTokens = (int)Math.Clamp(info.MaxTokens, 0, int.MaxValue),
            Stream = info.Stream,
            Headers = [.. headers.Where(h => !h.Key.StartsWith("skillgate-", StringComparison.OrdinalIgnoreCase))],
            MaxWait = MessageHeaders.MaxWait(HeaderValue(headers, MessageHeaders.Deadline)),
            ConversationId = HeaderValue(headers, MessageHeaders.Conversation),
            StartTimestamp = start,
            Channel = "websocket",
        };
        var stream = _services.Registry.Create(_tenant.Name);
        stream.TryAttach(this, 0, frame.Window ?? 0);
        _attached[stream.Id] = stream;
        await SendAsync(Frames.Started(frame.Id, stream.Id, 0));
        _ = PumpAsync(stream);
        _ = _services.Producer.RunAsync(stream, call);
    }

    private static string? HeaderValue(List<KeyValuePair<string, string>> headers, string name) =>
        headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } value ? value : null;

    private async Task ResumeAsync(ClientFrame frame)
    {
        if (frame.StreamId is null)
        {
            throw GatewayException.InvalidRequest("stream_id: Field required");
        }

        var stream = _services.Registry.Find(frame.StreamId, _tenant.Name)
            ?? throw new GatewayException(404, AnthropicErrorTypes.NotFound, $"Stream '{Truncate(frame.StreamId)}' is unknown or its resume window has passed.");
        if (_attached.ContainsKey(stream.Id))
        {
            throw GatewayException.InvalidRequest($"Stream '{stream.Id}' is already on this socket.");
        }

        // Announce first, then attach: every frame after last_seq follows the started frame.
        await SendAsync(Frames.Started(frame.Id, stream.Id, frame.LastSeq));
        if (!stream.TryAttach(this, frame.LastSeq, frame.Window ?? 0))
        {
            throw GatewayException.InvalidRequest($"last_seq: {frame.LastSeq} is past the end of stream '{stream.Id}'.");
        }

        _attached[stream.Id] = stream;
        _ = PumpAsync(stream);
    }

    private void Credit(ClientFrame frame)
    {
        if (frame.StreamId is null)
        {
            throw GatewayException.InvalidRequest("stream_id: Field required");
        }

        if (frame.Events is not { } events)
        {
            throw GatewayException.InvalidRequest("events: Field required (how many more events the stream may send)");
        }

        var result = _attached.TryGetValue(frame.StreamId, out var stream) ? stream.Grant(this, events) : CreditResult.NotAttached;
        switch (result)
        {
            case CreditResult.NotAttached when _services.Registry.Find(frame.StreamId, _tenant.Name) is not null:
                // Credit crossing the stream's last frame (or its pause timeout) on the wire: nothing to do.
                return;
            case CreditResult.NotAttached:
                throw GatewayException.InvalidRequest($"stream_id: unknown stream '{Truncate(frame.StreamId)}'.");
            case CreditResult.NoWindow:
                throw GatewayException.InvalidRequest($"Stream '{Truncate(frame.StreamId)}' was started without a window; it takes no credit.");
            case CreditResult.OverCap:
                throw GatewayException.InvalidRequest($"events: the credit of stream '{Truncate(frame.StreamId)}' would exceed {ClientFrame.MaxCredit} events.");
            default:
                return;
        }
    }

    private void Cancel(ClientFrame frame)
    {
        if (frame.StreamId is null || !_attached.TryGetValue(frame.StreamId, out var stream))
        {
            throw new GatewayException(404, AnthropicErrorTypes.NotFound, "stream_id: no such stream on this socket.");
        }

        stream.Cancellation.Cancel();
    }

    private async Task PumpAsync(ResumableStream stream)
    {
        try
        {
            while (await stream.NextAsync(this, _closing.Token) is { } frame)
            {
                await SendAsync(frame);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException)
        {
            // The socket is closing; the stream stays resumable.
        }
        finally
        {
            if (_attached.TryRemove(new KeyValuePair<string, ResumableStream>(stream.Id, stream)) && !stream.IsCompleted)
            {
                stream.Detach(this);
            }
        }
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
