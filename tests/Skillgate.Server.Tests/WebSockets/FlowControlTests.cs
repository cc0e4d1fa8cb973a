using System.Diagnostics;
using System.Text.Json;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.WebSockets;

/// <summary>Per-stream credit (docs/websocket-protocol.md, "Flow control"), spoken by hand over a raw socket.</summary>
public sealed class FlowControlTests
{
    private const string Body = """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    // 400 tokens at 100 tokens/s: a stream of about 4 s.
    private const string PacedBody = """{"model":"claude-sonnet-4-5","max_tokens":500,"stream":true,"messages":[{"role":"user","content":"long [[sim:tokens=400]]"}]}""";

    private static string Request(string id, int window, string body = Body) =>
        $$"""{"type":"request","id":"{{id}}","window":{{window}},"body":{{body}}}""";

    private static string Credit(string streamId, int events) => $$"""{"type":"credit","stream_id":"{{streamId}}","events":{{events}}}""";

    private static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    private static string? StreamOf(JsonElement frame) => frame.TryGetProperty("stream_id", out var id) ? id.GetString() : null;

    [Fact]
    public async Task Credit_PausedStreamDoesNotStallItsNeighbour_ThenCompletesWithNothingLost()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync(o => o.WebSocket.SendBufferEvents = 8);
        fixture.Upstream.DeltaCount = 3000;
        fixture.Upstream.DeltaPadding = 4096;
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync(Request("a", window: 4));
        var a = (await socket.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;
        await socket.SendAsync(Request("b", window: 4));
        var b = (await socket.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;

        // Read B to the end, granting credit for each of its events; never grant A any.
        var aFrames = new List<JsonElement>();
        var bDeltas = 0;
        while (true)
        {
            var frame = await socket.ReceiveAsync(TimeSpan.FromSeconds(30));
            if (StreamOf(frame) == a)
            {
                aFrames.Add(frame);
                continue;
            }

            if (Type(frame) == "done")
            {
                break;
            }

            Assert.Equal("event", Type(frame));
            bDeltas += frame.GetProperty("event").GetString() == "content_block_delta" ? 1 : 0;
            await socket.SendAsync(Credit(b, 1));
        }

        // Let the socket buffers between the upstream and the gateway settle, then watch A's upstream stand still.
        await Task.Delay(1000);
        var writtenAfterB = fixture.Upstream.DeltasWritten;
        await Task.Delay(1500);
        var writtenLater = fixture.Upstream.DeltasWritten;

        Assert.Equal(3000, bDeltas);
        Assert.Equal([1, 2, 3, 4], aFrames.Select(f => f.GetProperty("seq").GetInt32()));
        Assert.Equal(writtenAfterB, writtenLater);
        Assert.InRange(writtenLater - 3000, 4, 2999);

        // Now read A: everything, in order.
        await socket.SendAsync(Credit(a, 100_000));
        var rest = new List<JsonElement>();
        var done = await socket.ReceiveUntilAsync("done", rest);
        aFrames.AddRange(rest);

        Assert.Equal(a, StreamOf(done));
        Assert.Equal(Enumerable.Range(1, aFrames.Count), aFrames.Select(f => f.GetProperty("seq").GetInt32()));
        Assert.Equal(3000, aFrames.Count(f => f.GetProperty("event").GetString() == "content_block_delta"));
        Assert.Equal(6000, fixture.Upstream.DeltasWritten);
    }

    [Fact]
    public async Task Credit_StreamAtZeroCreditPastTimeout_GetsItsOwnErrorWhileTheOtherContinues()
    {
        var timeout = TimeSpan.FromSeconds(1.5);
        await using var fixture = await GatewayFixture.StartAsync(o => o.WebSocket.SlowReaderTimeout = timeout,
            simulator: s => s.Latency = new Skillgate.Simulator.LatencyOptions { TokensPerSecond = 100 });
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        var clock = Stopwatch.StartNew();

        await socket.SendAsync(Request("a", window: 2, PacedBody));
        var a = (await socket.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;
        await socket.SendAsync(Request("b", window: 2, PacedBody));
        var b = (await socket.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;

        JsonElement? aError = null;
        var bEventsAfterAError = 0;
        var bSeqs = new List<int>();
        while (true)
        {
            var frame = await socket.ReceiveAsync(TimeSpan.FromSeconds(30));
            if (StreamOf(frame) == a)
            {
                if (Type(frame) == "error")
                {
                    aError = frame;
                    Assert.True(clock.Elapsed >= timeout, $"ended after {clock.Elapsed}");
                }

                continue;
            }

            if (Type(frame) == "done")
            {
                break;
            }

            bSeqs.Add(frame.GetProperty("seq").GetInt32());
            bEventsAfterAError += aError is null ? 0 : 1;
            await socket.SendAsync(Credit(b, 1));
        }

        Assert.NotNull(aError);
        var error = aError.Value;
        Assert.Equal(408, error.GetProperty("status").GetInt32());
        Assert.Equal("timeout_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.True(error.GetProperty("resumable").GetBoolean());
        Assert.Equal(2, error.GetProperty("last_seq").GetInt32());
        Assert.True(bEventsAfterAError > 10, $"B got only {bEventsAfterAError} events after A's error");
        Assert.Equal(Enumerable.Range(1, bSeqs.Count), bSeqs);

        // A stays resumable on the same socket, from where it stopped.
        await socket.SendAsync($$"""{"type":"resume","id":"a2","stream_id":"{{a}}","last_seq":2,"window":1000}""");
        Assert.Equal(a, StreamOf(await socket.ReceiveUntilAsync("started")));
        var rest = new List<JsonElement>();
        var done = await socket.ReceiveUntilAsync("done", rest);
        Assert.Equal(Enumerable.Range(3, rest.Count), rest.Select(f => f.GetProperty("seq").GetInt32()));
        Assert.Equal(rest.Count + 3, done.GetProperty("seq").GetInt32());
        Assert.Equal("message_stop", rest[^1].GetProperty("event").GetString());
    }

    [Theory]
    [InlineData("0", "events: expected an integer from 1")]
    [InlineData("-1", "events: expected an integer from 1")]
    [InlineData("1.5", "events: expected an integer from 1")]
    [InlineData("99999999999999", "events: expected an integer from 1")]
    [InlineData("\"8\"", "events: expected an integer from 1")]
    public async Task Credit_InvalidValue_ErrorFrameAndStreamUnharmed(string events, string expected)
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync();
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        await socket.SendAsync(Request("a", window: 1));
        var a = (await socket.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;
        Assert.Equal(1, (await socket.ReceiveAsync()).GetProperty("seq").GetInt32());

        await socket.SendAsync($$"""{"type":"credit","stream_id":"{{a}}","events":{{events}}}""");
        var error = await socket.ReceiveAsync();
        await socket.SendAsync(Credit(a, 1000));
        var done = await socket.ReceiveUntilAsync("done");

        Assert.Equal("error", Type(error));
        Assert.False(error.TryGetProperty("stream_id", out _));
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(expected, error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(a, StreamOf(done));
    }

    [Theory]
    [InlineData("""{"type":"credit","stream_id":"ws_nope","events":4}""", "unknown stream")]
    [InlineData("""{"type":"credit","events":4}""", "stream_id: Field required")]
    [InlineData("""{"type":"request","id":"x","window":0,"body":{}}""", "window: expected an integer from 1")]
    [InlineData("""{"type":"resume","id":"x","stream_id":"ws_nope","last_seq":0,"window":-3}""", "window: expected an integer from 1")]
    public async Task Credit_BadFrame_InvalidRequestError(string frame, string expected)
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync();
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync(frame);
        var error = await socket.ReceiveAsync();

        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains(expected, error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credit_OverTheCap_InvalidRequestError()
    {
        await using var fixture = await GatewayFixture.StartAsync(simulator: s => s.Latency = new Skillgate.Simulator.LatencyOptions { TokensPerSecond = 100 });
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        await socket.SendAsync(Request("big", window: 1_000_000, PacedBody));
        var id = (await socket.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;

        await socket.SendAsync(Credit(id, 1_000_000));
        var error = await socket.ReceiveUntilAsync("error");
        var done = await socket.ReceiveUntilAsync("done");

        Assert.False(error.TryGetProperty("stream_id", out _));
        Assert.Contains("would exceed 1000000", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, StreamOf(done));
    }

    [Fact]
    public async Task Credit_ForStreamWithoutWindow_InvalidRequestError()
    {
        await using var fixture = await GatewayFixture.StartAsync(simulator: s => s.Latency = new Skillgate.Simulator.LatencyOptions { TokensPerSecond = 100 });
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        await socket.SendAsync($$"""{"type":"request","id":"legacy","body":{{PacedBody}}}""");
        var id = (await socket.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;

        await socket.SendAsync(Credit(id, 4));
        var error = await socket.ReceiveUntilAsync("error");

        Assert.False(error.TryGetProperty("stream_id", out _));
        Assert.Contains("without a window", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
