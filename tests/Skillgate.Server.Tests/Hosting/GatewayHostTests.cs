using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Skillgate.Server.Messages;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.Hosting;

public sealed class GatewayHostTests
{
    [Fact]
    public async Task StartAsync_NoClientKeys_ListensOnLoopback()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        Assert.Equal("127.0.0.1", fixture.Gateway.BaseAddress.Host);
        Assert.NotEqual(0, fixture.Gateway.BaseAddress.Port);
    }

    [Fact]
    public async Task UnknownRoute_Returns404NotFoundError()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/v1/nothing-here");

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.NotFound, "not_found_error");
    }

    [Fact]
    public async Task WrongMethod_Returns405InAnthropicShape()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/v1/messages");

        await ErrorAssert.IsAnthropicErrorAsync(response, HttpStatusCode.MethodNotAllowed, "invalid_request_error");
    }

    [Fact]
    public async Task Healthz_Answers200WithRequestId()
    {
        await using var fixture = await GatewayFixture.StartAsync();

        using var response = await fixture.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("req_sg_", response.Headers.GetValues("request-id").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProxiedResponse_FastUpstream_OverheadHeaderSmallAndWithinWallTime()
    {
        await using var fixture = await GatewayFixture.StartAsync();
        using (await fixture.Client.GetAsync("/v1/models"))
        {
            // Warm-up: the first request pays for JIT, which is not what the header is about.
        }

        var watch = Stopwatch.StartNew();
        using var response = await fixture.Client.GetAsync("/v1/models");
        var wall = watch.Elapsed.TotalMilliseconds;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overhead = Overhead(response);
        Assert.True(overhead >= 0 && overhead <= wall, $"overhead {overhead} ms, the whole call {wall} ms");

        // A warm gateway adds well under a millisecond here; 100 ms leaves room for a noisy machine, not for a unit
        // mistake (seconds, ticks) or a stopwatch that never stopped.
        Assert.True(overhead < 100, $"overhead {overhead} ms");
    }

    [Fact]
    public async Task OverheadHeader_SlowUpstream_ExcludesTheUpstreamWait()
    {
        const int upstreamMs = 500;
        await using var fixture = await GatewayFixture.StartAsync();
        using (await fixture.Client.PostAsync("/v1/messages", Body("warm up")))
        {
        }

        var watch = Stopwatch.StartNew();
        using var response = await fixture.Client.PostAsync("/v1/messages", Body($"slow [[sim:ttft={upstreamMs}]]"));
        var wall = watch.Elapsed.TotalMilliseconds;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overhead = Overhead(response);
        Assert.True(wall >= upstreamMs, $"the call took {wall} ms, the upstream alone {upstreamMs} ms");

        // Counting the upstream's wait would put the header at 500 ms or more; the gateway's own share is a few ms.
        Assert.True(overhead >= 0 && overhead < upstreamMs / 5, $"overhead {overhead} ms of a {wall} ms call");
    }

    private static double Overhead(HttpResponseMessage response) =>
        double.Parse(response.Headers.GetValues(MessageHeaders.Overhead).Single(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static StringContent Body(string text) => new(
        $$"""{"model":"claude-sonnet-4-5","max_tokens":16,"messages":[{"role":"user","content":"{{text}}"}]}""", Encoding.UTF8, "application/json");
}
