using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Server.WebSockets;

namespace Skillgate.Server.Tests.WebSockets;

public sealed class ResumeBufferTests
{
    private const long Cap = 64 * 1024;

    // 6000 tokens at 2000 tokens/s: about 3 s of deltas upstream, far more than 64 KB of frames.
    private const string EndlessBody = """{"model":"claude-sonnet-4-5","max_tokens":8000,"stream":true,"messages":[{"role":"user","content":"go on [[sim:tokens=6000]]"}]}""";

    private static string Request(string id, string body) => $$"""{"type":"request","id":"{{id}}","body":{{body}}}""";

    [Fact]
    public async Task DetachedStream_OverCap_StopsUpstreamAndEndsWithErrorAfterKeptFrames()
    {
        await using var fixture = await GatewayFixture.StartAsync(
            o => o.WebSocket.MaxResumeBufferBytes = Cap,
            simulator: s => s.Latency = new Skillgate.Simulator.LatencyOptions { TokensPerSecond = 2000 });
        string streamId;
        int lastSeq;
        using (var first = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress))
        {
            await first.SendAsync(Request("a", EndlessBody));
            streamId = (await first.ReceiveUntilAsync("started")).GetProperty("stream_id").GetString()!;
            lastSeq = (await first.ReceiveAsync()).GetProperty("seq").GetInt32();
            first.Abort();
        }

        // The upstream request is cancelled well before the simulator would have finished it (about 3 s).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (fixture.Simulator.GetStats().InFlight > 0 && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, fixture.Simulator.GetStats().InFlight);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"the upstream ran {watch.Elapsed} after the detach");
        var kept = fixture.Gateway.Services.GetRequiredService<StreamRegistry>().KeptBytes;
        Assert.InRange(kept, Cap, Cap + 16 * 1024);

        using var second = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        await second.SendAsync($$"""{"type":"resume","id":"b","stream_id":"{{streamId}}","last_seq":{{lastSeq}}}""");
        await second.ReceiveUntilAsync("started");
        var rest = new List<JsonElement>();
        var error = await second.ReceiveUntilAsync("error", rest);

        Assert.True(rest.Count > 100, $"{rest.Count} frames kept");
        Assert.All(rest, f => Assert.Equal("event", f.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(lastSeq + 1, rest.Count), rest.Select(f => f.GetProperty("seq").GetInt32()));
        Assert.DoesNotContain(rest, f => f.GetProperty("event").GetString() == "message_stop");
        Assert.Equal(lastSeq + rest.Count + 1, error.GetProperty("seq").GetInt32());
        Assert.Equal(500, error.GetProperty("status").GetInt32());
        Assert.Equal("api_error", error.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("MaxResumeBufferBytes", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttachedStream_LargerThanCap_CompletesNormally()
    {
        await using var fixture = await FakeAnthropicGateway.StartAsync(o => o.WebSocket.MaxResumeBufferBytes = Cap);
        fixture.Upstream.DeltaCount = 200;
        fixture.Upstream.DeltaPadding = 1024;
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync(Request("a", """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        var frames = new List<JsonElement>();
        await socket.ReceiveUntilAsync("done", frames);

        Assert.Equal(200, frames.Count(f => f.GetProperty("type").GetString() == "event" && f.GetProperty("event").GetString() == "content_block_delta"));
        Assert.True(fixture.Gateway.Services.GetRequiredService<StreamRegistry>().KeptBytes > Cap);
    }

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(4 * 1024 * 1024 + 1024)]
    public async Task UpstreamErrorBody_UnderLimitOrTruncatedByTransport_KeepsUpstreamError(int bytes)
    {
        // The transport reads at most Upstream:MaxErrorBodyBytes of an error body itself.
        await using var fixture = await FakeAnthropicGateway.StartAsync();
        fixture.Upstream.ErrorBodyBytes = bytes;
        using var socket = await RawSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        await socket.SendAsync(Request("a", """{"model":"claude-sonnet-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""));
        var error = await socket.ReceiveUntilAsync("error");

        Assert.Equal(529, error.GetProperty("status").GetInt32());
        Assert.Equal("overloaded_error", error.GetProperty("error").GetProperty("type").GetString());
    }
}
