using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>A bare WebSocket to the gateway that sends and reads frames as JSON text.</summary>
public sealed class RawSocket : IDisposable
{
    private readonly ClientWebSocket _socket;

    private RawSocket(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<RawSocket> ConnectAsync(Uri gateway, string? key = null)
    {
        var socket = new ClientWebSocket();
        if (key is not null)
        {
            socket.Options.SetRequestHeader("x-api-key", key);
        }

        await socket.ConnectAsync(WsUri(gateway), CancellationToken.None);
        return new RawSocket(socket);
    }

    public static Uri WsUri(Uri gateway) => new UriBuilder(gateway) { Scheme = "ws", Path = "/v1/ws" }.Uri;

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendAsync(byte[] bytes, WebSocketMessageType type) =>
        _socket.SendAsync(bytes, type, endOfMessage: true, CancellationToken.None);

    public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed by the server");
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Reads frames until one of type <paramref name="type"/> (returned) and collects the ones before it.</summary>
    public async Task<JsonElement> ReceiveUntilAsync(string type, List<JsonElement>? before = null)
    {
        while (true)
        {
            var frame = await ReceiveAsync();
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }

            before?.Add(frame);
        }
    }

    public void Abort() => _socket.Abort();

    public void Dispose() => _socket.Dispose();
}
