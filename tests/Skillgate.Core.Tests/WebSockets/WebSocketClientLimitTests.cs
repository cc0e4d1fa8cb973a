using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Skillgate.WebSockets;

namespace Skillgate.Core.Tests.WebSockets;

/// <summary>A peer that sends a WebSocket message without end cannot grow the client's memory without bound.</summary>
public sealed class WebSocketClientLimitTests
{
    private const int Limit = 64 * 1024;

    [Fact]
    public async Task StreamAsync_MessageOverLimit_StreamFailsSocketClosedNoReconnect()
    {
        var clientClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartServerAsync(async (context, socket) =>
        {
            var request = new byte[4096];
            await socket.ReceiveAsync(request, CancellationToken.None);
            // One message, never ended: "started" would parse, but the frame never completes.
            var chunk = Encoding.UTF8.GetBytes("{\"type\":\"event\",\"data\":\"" + new string('x', 8 * 1024));
            try
            {
                for (var sent = 0L; sent < 256L * Limit; sent += chunk.Length)
                {
                    await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
            {
                // The client went away while we were sending.
            }

            // Kestrel drops writes after an abort: the abort itself is what tells that the client gave up.
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                clientClosed.TrySetResult();
            }
        });
        await using var client = await SkillgateWebSocketClient.ConnectAsync(
            new Uri(app.Address.Replace("http://", "ws://", StringComparison.Ordinal) + "/v1/ws"),
            new SkillgateWebSocketClientOptions { MaxMessageBytes = Limit, ReconnectDelay = TimeSpan.FromMilliseconds(10) });

        // Bounded: without the limit the client would read the endless message forever.
        var error = await Assert.ThrowsAsync<GatewayStreamException>(() => ReadAllAsync(client)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(502, error.Status);
        Assert.Equal("api_error", error.ErrorType);
        Assert.Contains($"larger than {Limit} bytes", error.Message, StringComparison.Ordinal);
        await clientClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, client.Reconnects);
    }

    private static async Task ReadAllAsync(SkillgateWebSocketClient client)
    {
        await foreach (var update in client.StreamAsync("{\"model\":\"m\",\"max_tokens\":8,\"stream\":true,\"messages\":[]}"u8.ToArray()))
        {
            Assert.Fail("no event can arrive: " + update.EventType);
        }
    }

    private static async Task<Server> StartServerAsync(Func<HttpContext, WebSocket, Task> session)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/v1/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await session(context, socket);
        });
        await app.StartAsync();
        return new Server(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    private sealed class Server(WebApplication app, string address) : IAsyncDisposable
    {
        public string Address => address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
