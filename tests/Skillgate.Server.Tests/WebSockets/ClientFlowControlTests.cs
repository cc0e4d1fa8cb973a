using System.Diagnostics;
using System.Text;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.WebSockets;

namespace Skillgate.Server.Tests.WebSockets;

/// <summary>The C# client's per-stream credit: a stream its caller does not read pauses alone.</summary>
public sealed class ClientFlowControlTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

    // 400 tokens at 100 tokens/s: a stream of about 4 s.
    private static readonly byte[] PacedBody = Encoding.UTF8.GetBytes("""{"model":"claude-sonnet-4-5","max_tokens":500,"stream":true,"messages":[{"role":"user","content":"long [[sim:tokens=400]]"}]}""");

    private static async Task<List<GatewayStreamEvent>> ReadRestAsync(IAsyncEnumerator<GatewayStreamEvent> e, List<GatewayStreamEvent> events)
    {
        while (await e.MoveNextAsync())
        {
            events.Add(e.Current);
        }

        return events;
    }

    [Fact]
    public async Task Stream_OneStreamUnread_OtherCompletesAndUpstreamOfUnreadPauses_ThenNothingLost()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync(o => o.WebSocket.SendBufferEvents = 8);
        fixture.Upstream.DeltaCount = 3000;
        fixture.Upstream.DeltaPadding = 4096;
        await using var client = await SkillgateWebSocketClient.ConnectAsync(RawSocket.WsUri(fixture.Gateway.BaseAddress));

        await using var a = client.StreamAsync(Body).GetAsyncEnumerator();
        Assert.True(await a.MoveNextAsync());
        var aEvents = new List<GatewayStreamEvent> { a.Current };
        var clock = Stopwatch.StartNew();
        var bEvents = new List<GatewayStreamEvent>();
        await foreach (var e in client.StreamAsync(Body))
        {
            bEvents.Add(e);
        }

        var bTook = clock.Elapsed;
        // Let the socket buffers between the upstream and the gateway settle, then watch A's upstream stand still.
        await Task.Delay(1000);
        var writtenAfterB = fixture.Upstream.DeltasWritten;
        await Task.Delay(1500);
        var writtenLater = fixture.Upstream.DeltasWritten;

        // Without flow control B would wait behind A until the gateway's 30 s slow-reader limit closed the socket.
        Assert.True(bTook < TimeSpan.FromSeconds(20), $"B took {bTook}");
        Assert.Equal(3000, bEvents.Count(e => e.EventType == "content_block_delta"));
        Assert.Equal(writtenAfterB, writtenLater);
        Assert.InRange(writtenLater - 3000, 1, 2999);

        await ReadRestAsync(a, aEvents);
        Assert.Equal(Enumerable.Range(1, aEvents.Count), aEvents.Select(e => e.Seq));
        Assert.Equal(3000, aEvents.Count(e => e.EventType == "content_block_delta"));
        Assert.Equal("message_stop", aEvents[^1].EventType);
        Assert.Equal(6000, fixture.Upstream.DeltasWritten);
    }

    [Fact]
    public async Task Stream_UnreadPastSlowReaderTimeout_IsResumedWhenReadAndNothingLost()
    {
        var timeout = TimeSpan.FromSeconds(1.5);
        await using var fixture = await GatewayFixture.StartAsync(o => o.WebSocket.SlowReaderTimeout = timeout,
            simulator: s => s.Latency = new Skillgate.Simulator.LatencyOptions { TokensPerSecond = 100 });
        await using var client = await SkillgateWebSocketClient.ConnectAsync(
            RawSocket.WsUri(fixture.Gateway.BaseAddress), new SkillgateWebSocketClientOptions { StreamWindowEvents = 4 });

        await using var a = client.StreamAsync(PacedBody).GetAsyncEnumerator();
        Assert.True(await a.MoveNextAsync());
        var aEvents = new List<GatewayStreamEvent> { a.Current };
        var clock = Stopwatch.StartNew();
        var bEvents = new List<GatewayStreamEvent>();
        await foreach (var e in client.StreamAsync(PacedBody))
        {
            bEvents.Add(e);
        }

        Assert.True(clock.Elapsed > timeout * 2, $"B took only {clock.Elapsed}: A was not left unread long enough");
        await ReadRestAsync(a, aEvents);

        Assert.Equal(Enumerable.Range(1, bEvents.Count), bEvents.Select(e => e.Seq));
        Assert.Equal("message_stop", bEvents[^1].EventType);
        Assert.Equal(Enumerable.Range(1, aEvents.Count), aEvents.Select(e => e.Seq));
        Assert.Equal(bEvents.Count, aEvents.Count);
        Assert.Equal("message_stop", aEvents[^1].EventType);
        Assert.Equal(0, client.Reconnects);
    }

    [Fact]
    public async Task Stream_WithoutWindow_LegacyProtocolStillWorks()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync();
        fixture.Upstream.DeltaCount = 500;
        await using var client = await SkillgateWebSocketClient.ConnectAsync(
            RawSocket.WsUri(fixture.Gateway.BaseAddress), new SkillgateWebSocketClientOptions { StreamWindowEvents = 0 });

        var events = new List<GatewayStreamEvent>();
        await foreach (var e in client.StreamAsync(Body))
        {
            events.Add(e);
        }

        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Seq));
        Assert.Equal(500, events.Count(e => e.EventType == "content_block_delta"));
    }
}
