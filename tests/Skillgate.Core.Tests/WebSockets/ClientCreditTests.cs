using System.Text;
using Skillgate.WebSockets;

namespace Skillgate.Core.Tests.WebSockets;

/// <summary>The client's half of the WebSocket flow control, checked frame by frame against a scripted gateway.</summary>
public sealed class ClientCreditTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"model":"m","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

    [Fact]
    public void Options_Default_WindowOf64Events()
    {
        Assert.Equal(64, new SkillgateWebSocketClientOptions().StreamWindowEvents);
    }

    [Fact]
    public async Task StreamAsync_Default_SendsWindowAndGrantsHalfAWindowAsTheCallerConsumes()
    {
        await using var gateway = await ScriptedWsGateway.StartAsync();
        await using var client = await SkillgateWebSocketClient.ConnectAsync(gateway.WsUri);
        await using var stream = client.StreamAsync(Body).GetAsyncEnumerator();

        var next = stream.MoveNextAsync().AsTask();
        var request = await gateway.ReceiveAsync("request");
        Assert.Equal(64, request.GetProperty("window").GetInt32());
        var id = request.GetProperty("id").GetString();
        await gateway.SendAsync($$"""{"type":"started","id":"{{id}}","stream_id":"ws_a","resumed_after":0}""");
        for (var seq = 1; seq <= 64; seq++)
        {
            await gateway.SendEventAsync("ws_a", seq);
        }

        // The whole window arrived; the caller consumes it, and credit comes back half a window at a time.
        Assert.True(await next);
        for (var seq = 2; seq <= 64; seq++)
        {
            Assert.True(await stream.MoveNextAsync());
            Assert.Equal(seq, stream.Current.Seq);
        }

        var first = await gateway.ReceiveAsync("credit");
        Assert.Equal("ws_a", first.GetProperty("stream_id").GetString());
        Assert.Equal(32, first.GetProperty("events").GetInt32());
        await gateway.SendAsync("""{"type":"done","stream_id":"ws_a","seq":65}""");
        Assert.False(await stream.MoveNextAsync());
        var second = await gateway.ReceiveAsync("credit");
        Assert.Equal(32, second.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task StreamAsync_OneStreamUnread_ReceiveLoopKeepsServingTheOther()
    {
        await using var gateway = await ScriptedWsGateway.StartAsync();
        await using var client = await SkillgateWebSocketClient.ConnectAsync(
            gateway.WsUri, new SkillgateWebSocketClientOptions { StreamWindowEvents = 4, StreamBufferFrames = 1 });
        await using var a = client.StreamAsync(Body).GetAsyncEnumerator();
        var aFirst = a.MoveNextAsync().AsTask();
        var aId = (await gateway.ReceiveAsync("request")).GetProperty("id").GetString();
        await gateway.SendAsync($$"""{"type":"started","id":"{{aId}}","stream_id":"ws_a","resumed_after":0}""");
        for (var seq = 1; seq <= 4; seq++)
        {
            await gateway.SendEventAsync("ws_a", seq);
        }

        Assert.True(await aFirst);

        // A's caller now stops reading; B's gets 40 events, 4 at a time, each batch only after B's credit.
        var bEvents = 0;
        var b = Task.Run(async () =>
        {
            await foreach (var unused in client.StreamAsync(Body))
            {
                bEvents++;
            }
        });
        var bId = (await gateway.ReceiveAsync("request")).GetProperty("id").GetString();
        await gateway.SendAsync($$"""{"type":"started","id":"{{bId}}","stream_id":"ws_b","resumed_after":0}""");
        var credit = 4;
        for (var seq = 1; seq <= 40; seq++)
        {
            while (credit == 0)
            {
                var grant = await gateway.ReceiveAsync("credit");
                Assert.Equal("ws_b", grant.GetProperty("stream_id").GetString());
                credit += grant.GetProperty("events").GetInt32();
            }

            await gateway.SendEventAsync("ws_b", seq);
            credit--;
        }

        await gateway.SendAsync("""{"type":"done","stream_id":"ws_b","seq":41}""");
        await b.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(40, bEvents);
        await gateway.SendAsync("""{"type":"done","stream_id":"ws_a","seq":5}""");
        var aSeqs = new List<int> { a.Current.Seq };
        while (await a.MoveNextAsync())
        {
            aSeqs.Add(a.Current.Seq);
        }

        Assert.Equal([1, 2, 3, 4], aSeqs);
    }
}
