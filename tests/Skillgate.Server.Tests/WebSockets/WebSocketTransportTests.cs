using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.WebSockets;

namespace Skillgate.Server.Tests.WebSockets;

public sealed class WebSocketTransportTests
{
    private const string Body = """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    // 80 tokens at 200 tokens/s: a stream of about 30 deltas over 0.4 s.
    private const string LongBody = """{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"a long one [[sim:tokens=80]]"}]}""";

    private static Action<Skillgate.Simulator.SimulatorOptions> Paced(int tokensPerSecond) =>
        s => s.Latency = new Skillgate.Simulator.LatencyOptions { TokensPerSecond = tokensPerSecond };

    private static async Task<int> UpstreamDeltaCountAsync(GatewayFixture fixture, string body) =>
        (await fixture.PostUpstreamAsync("/v1/messages", body)).Split("event: content_block_delta").Length - 1;

    private static string Request(string id, string body = Body) => $$"""{"type":"request","id":"{{id}}","body":{{body}}}""";

    [Fact]
    public async Task Client_Stream_YieldsEveryEventInOrder()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync();
        await using var client = await SkillgateWebSocketClient.ConnectAsync(RawSocket.WsUri(fixture.Gateway.BaseAddress));

        var events = new List<GatewayStreamEvent>();
        await foreach (var e in client.StreamAsync(Encoding.UTF8.GetBytes(Body)))
        {
            events.Add(e);
        }

        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.Seq));
        Assert.Equal("message_start", events[0].EventType);
        Assert.Contains(events, e => e.EventType == "future_event" && e.DataText == """{"type":"future_event","payload":"kept"}""");
        Assert.Equal(5, events.Count(e => e.EventType == "content_block_delta"));
        Assert.Equal("message_stop", events[^1].EventType);
    }

    [Fact]
    public async Task Client_ManyConcurrentStreamsOnOneSocket_AllComplete()
    {
        await using var fixture = await GatewayFixture.StartAsync(simulator: Paced(400));
        const string body = """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi [[sim:tokens=12]]"}]}""";
        var expected = await UpstreamDeltaCountAsync(fixture, body);
        await using var client = await SkillgateWebSocketClient.ConnectAsync(RawSocket.WsUri(fixture.Gateway.BaseAddress));

        var counts = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            var n = 0;
            var last = "";
            await foreach (var e in client.StreamAsync(Encoding.UTF8.GetBytes(body)))
            {
                n += e.EventType == "content_block_delta" ? 1 : 0;
                last = e.EventType;
            }

            return (n, last);
        }));

        Assert.True(expected >= 3, $"{expected} deltas");
        Assert.All(counts, c => Assert.Equal((expected, "message_stop"), c));
        Assert.True(fixture.Simulator.GetStats().PeakInFlight > 1, "the streams did not overlap upstream");
    }

    [Fact]
    public async Task Client_UpstreamError_ThrowsTypedException()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        await using var client = await SkillgateWebSocketClient.ConnectAsync(RawSocket.WsUri(fixture.Gateway.BaseAddress));

        var ex = await Assert.ThrowsAsync<GatewayStreamException>(async () =>
        {
            await foreach (var unused in client.StreamAsync(Encoding.UTF8.GetBytes(Body.Replace("\"hi\"", "\"hi [[sim:fault=429]]\"", StringComparison.Ordinal))))
            {
            }
        });

        Assert.Equal(429, ex.Status);
        Assert.Equal("rate_limit_error", ex.ErrorType);
    }

    [Fact]
    public async Task Client_ConnectionDropsMidStream_ResumesWithoutGapsOrRepeats()
    {
        await using var fixture = await GatewayFixture.StartAsync(simulator: Paced(200));
        var expected = await UpstreamDeltaCountAsync(fixture, LongBody);
        await using var client = await SkillgateWebSocketClient.ConnectAsync(
            RawSocket.WsUri(fixture.Gateway.BaseAddress), new SkillgateWebSocketClientOptions { ReconnectDelay = TimeSpan.FromMilliseconds(20) });

        var seqs = new List<int>();
        var deltas = 0;
        await foreach (var e in client.StreamAsync(Encoding.UTF8.GetBytes(LongBody)))
        {
            seqs.Add(e.Seq);
            deltas += e.EventType == "content_block_delta" ? 1 : 0;
            if (deltas == 5 && client.Reconnects == 0)
            {
                client.DropConnection();
            }
        }

        Assert.Equal(1, client.Reconnects);
        Assert.True(expected > 10, $"{expected} deltas");
        Assert.Equal(expected, deltas);
        Assert.Equal(Enumerable.Range(1, seqs.Count), seqs);
    }

    [Fact]
    public async Task Resume_AfterDisconnect_SendsTheRest()
    {
        await using var fixture = await GatewayFixture.StartAsync(simulator: Paced(200));
        string streamId;
        int lastSeq;
        using (var first = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress))
        {
            await first.SendAsync(Request("a", LongBody));
            streamId = (await first.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;
            await first.ReceiveAsync();
            lastSeq = (await first.ReceiveAsync()).GetProperty("seq").GetInt32();
            first.Abort();
        }

        using var second = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        await second.SendAsync($$"""{"type":"resume","id":"b","stream_id":"{{streamId}}","last_seq":{{lastSeq}}}""");
        var started = await second.ReceiveUntilAsync("started");
        var rest = new List<JsonElement>();
        var done = await second.ReceiveUntilAsync("done", rest);

        Assert.Equal("b", started.GetProperty("id").GetString());
        Assert.Equal(Enumerable.Range(lastSeq + 1, rest.Count), rest.Select(f => f.GetProperty("seq").GetInt32()));
        Assert.Equal(lastSeq + rest.Count + 1, done.GetProperty("seq").GetInt32());
        Assert.Equal("message_stop", rest[^1].GetProperty("event").GetString());
    }

    [Fact]
    public async Task Resume_UnknownStream_ErrorFrame404()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync("""{"type":"resume","id":"x","stream_id":"ws_nope","last_seq":0}""");
        var error = await socket.ReceiveAsync();

        Assert.Equal(404, error.GetProperty("status").GetInt32());
        Assert.Equal("not_found_error", error.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "JSON object")]
    [InlineData("""{"id":"1"}""", "type: Field required")]
    [InlineData("""{"type":"launch","id":"1"}""", "unknown frame type")]
    [InlineData("""{"type":"request","body":{}}""", "id: Field required")]
    [InlineData("""{"type":"request","id":"1"}""", "body: Field required")]
    [InlineData("""{"type":"request","id":"1","body":"hi"}""", "body: expected a JSON object")]
    [InlineData("""{"type":"request","id":"1","body":{"model":"m"}}""", "Field required")]
    [InlineData("""{"type":"cancel","stream_id":"ws_x"}""", "no such stream")]
    [InlineData("""{"type":"ping","id":"\ud800"}""", "lone surrogate")]
    public async Task MalformedFrame_GetsErrorFrameAndSocketStaysUsable(string frame, string expected)
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync(frame);
        var error = await socket.ReceiveAsync();
        await socket.SendAsync("""{"type":"ping"}""");
        var pong = await socket.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains(expected, error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Fact]
    public async Task BinaryAndOversizedFrames_GetErrorFrames()
    {
        await using var fixture = await GatewayFixture.StartAsync(o => o.WebSocket.MaxMessageBytes = 4096);
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync([1, 2, 3], WebSocketMessageType.Binary);
        var binary = await socket.ReceiveAsync();
        await socket.SendAsync(new string('x', 100_000));
        var oversized = await socket.ReceiveAsync();
        await socket.SendAsync([0x7B, 0xFF, 0x7D], WebSocketMessageType.Binary);
        var binaryJunk = await socket.ReceiveAsync();

        Assert.Equal(400, binary.GetProperty("status").GetInt32());
        Assert.Equal(413, oversized.GetProperty("status").GetInt32());
        Assert.Equal("request_too_large", oversized.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(400, binaryJunk.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task InvalidUtf8TextFrame_FailsThatSocketOnly()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using var bad = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        // RFC 6455 requires failing the connection on invalid UTF-8 in a text frame; the server itself carries on.
        await bad.SendAsync([0x7B, 0xFF, 0x7D], WebSocketMessageType.Text);
        await Assert.ThrowsAnyAsync<WebSocketException>(() => bad.ReceiveAsync());
        using var good = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        await good.SendAsync("""{"type":"ping"}""");

        Assert.Equal("pong", (await good.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task SlowReader_IsDisconnectedAndUpstreamReadPauses()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync(o =>
        {
            o.WebSocket.SendBufferEvents = 4;
            o.WebSocket.SlowReaderTimeout = TimeSpan.FromSeconds(3);
        });
        fixture.Upstream.DeltaCount = 4000;
        fixture.Upstream.DeltaPadding = 4096;
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync(Request("slow"));
        await Task.Delay(1000);
        var writtenWhileStalled = fixture.Upstream.DeltasWritten;

        Assert.InRange(writtenWhileStalled, 1, 3999);
        await Task.Delay(4000);
        var closed = false;
        for (var i = 0; i < 10_000 && !closed; i++)
        {
            try
            {
                await socket.ReceiveAsync(TimeSpan.FromSeconds(5));
            }
            catch (WebSocketException)
            {
                closed = true;
            }
        }

        Assert.True(closed, "the slow reader was not disconnected");
    }

    [Fact]
    public async Task UnknownKey_UpgradeGets401()
    {
        await using var fixture = await GatewayFixture.StartAsync(o =>
        {
            o.ListenAddress = "127.0.0.1";
            o.ClientKeys.Add(new Skillgate.Server.Hosting.ClientKeyOptions { Key = "sg-good-0123456789abcdef", Tenant = "t" });
        });

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("x-api-key", "sg-bad-0123456789abcdef");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(RawSocket.WsUri(fixture.Gateway.BaseAddress), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task NotAnUpgrade_Returns400()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/v1/ws");

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error");
    }
}
