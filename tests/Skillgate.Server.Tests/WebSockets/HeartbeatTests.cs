using System.Net.WebSockets;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.WebSockets;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task PeerThatNeverAnswersPings_IsClosed()
    {
        await using var fixture = await GatewayFixture.StartAsync(o =>
        {
            o.WebSocket.PingInterval = TimeSpan.FromMilliseconds(200);
            o.WebSocket.PingTimeout = TimeSpan.FromSeconds(2);
        });
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        // Not receiving means the client never sees the pings, so it never answers them.
        await Task.Delay(3000);

        await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ReceiveAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task PeerThatAnswersPings_StaysConnected()
    {
        await using var fixture = await GatewayFixture.StartAsync(o =>
        {
            o.WebSocket.PingInterval = TimeSpan.FromMilliseconds(200);
            o.WebSocket.PingTimeout = TimeSpan.FromSeconds(2);
        });
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        // A pending receive answers the server's pings; 3 s is longer than a ping interval plus the ping timeout, so a silent peer would be gone.
        var reply = socket.ReceiveAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(3000);
        await socket.SendAsync("""{"type":"ping"}""");

        Assert.Equal("pong", (await reply).GetProperty("type").GetString());
        Assert.Equal(WebSocketState.Open, socket.State);
    }
}
