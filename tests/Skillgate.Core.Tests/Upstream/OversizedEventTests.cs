using Microsoft.AspNetCore.Server.Kestrel.Core;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>An upstream that sends an event without end (no blank line): bounded memory, and the usual fault handling.</summary>
[Collection(MemoryHeavyCollection.Name)]
public sealed class OversizedEventTests
{
    private const string OversizedErrorEvent =
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The upstream sent an event larger than 8388608 bytes in the middle of the answer.\"}}\n\n";

    [Theory]
    [InlineData(HttpProtocols.Http1, UpstreamHttpProtocol.Http11)]
    [InlineData(HttpProtocols.Http2, UpstreamHttpProtocol.Http2Only)]
    public async Task StreamAsync_OversizedEventAfterFirstToken_ErrorEventBoundedBufferReleased(HttpProtocols serverProtocols, UpstreamHttpProtocol protocol)
    {
        await using var upstream = await ScriptedUpstream.StartAsync(serverProtocols);
        upstream.Then(ScriptedUpstream.StreamThen(3, "oversized"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress, protocol: protocol));
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));

        var seen = await TransportFixture.ReadAllAsync(stream);

        var parts = ScriptedUpstream.Answer.Split("\n\n");
        Assert.Equal(string.Concat(parts.Take(3).Select(p => p + "\n\n")) + OversizedErrorEvent, seen);
        Assert.Equal(UpstreamErrorKind.ProtocolViolation, stream.Error);
        Assert.Equal(1, upstream.Requests);
        Assert.Equal(0, client.InFlight);
        Assert.InRange(stream.PeakBufferBytes, SseLimits.MaxEventBytes / 2, 2 * SseLimits.MaxEventBytes);
        if (protocol == UpstreamHttpProtocol.Http11)
        {
            // The rest of the event is not drained: the connection is closed, not pooled.
            await UpstreamStreamingTests.WaitForAsync(() => client.OpenConnections == 0);
        }

        // The transport is still healthy for the next call.
        await using var next = await client.StreamAsync(TransportFixture.Request(stream: true));
        Assert.Equal(ScriptedUpstream.Answer, await TransportFixture.ReadAllAsync(next));
    }

    [Fact]
    public async Task StreamAsync_OversizedEventBeforeFirstToken_Retried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(2, "oversized"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));

        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));

        Assert.Equal(ScriptedUpstream.Answer, await TransportFixture.ReadAllAsync(stream));
        Assert.Equal(2, stream.Attempts);
        Assert.Equal(2, upstream.Requests);
    }

    [Fact]
    public async Task StreamAsync_OversizedEventEveryTime_FailsWithProtocolViolation()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(2, "oversized")).Then(ScriptedUpstream.StreamThen(0, "oversized"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress, maxRetries: 1));

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.StreamAsync(TransportFixture.Request(stream: true)));

        Assert.Equal(UpstreamErrorKind.ProtocolViolation, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Equal("api_error", error.ErrorType);
        Assert.Contains("larger than 8388608 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, upstream.Requests);
        Assert.Equal(0, client.InFlight);
        await UpstreamStreamingTests.WaitForAsync(() => client.OpenConnections == 0);
    }
}
