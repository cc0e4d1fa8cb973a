using System.Diagnostics;
using System.Net;
using System.Text;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Scheduling;

/// <summary>
/// <c>serve --upstream URL --upstream-key K</c> with no limits configured, in front of an upstream that sends no
/// <c>anthropic-ratelimit-*</c> headers: the key's limits are unknown and nothing invents them.
/// </summary>
public sealed class UnknownLimitsGatewayTests
{
    private const int Requests = 2_000;

    private static SimulatorOptions HeaderlessUpstream(int requestsPerMinute = 0) => new()
    {
        RateLimitHeaders = false,
        Keys = { new SimulatorKeyOptions { Key = "sk-headerless", RequestsPerMinute = requestsPerMinute } },
    };

    private static HttpClient Client(SimulatedGateway gateway) => new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Requests })
    {
        BaseAddress = gateway.BaseUrl,
        Timeout = TimeSpan.FromMinutes(2),
    };

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string text)
    {
        var body = $$"""{"model":"claude-haiku-4-5","max_tokens":16,"messages":[{"role":"user","content":"{{text}}"}]}""";
        using var response = await client.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }

    [Fact]
    public async Task Messages_UnknownLimitsHeaderlessUpstream_TwoThousandConcurrentNoGateway429()
    {
        await using var gateway = await SimulatedGateway.StartAsync(simulatorOptions: HeaderlessUpstream());
        using var client = Client(gateway);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, "warm up"));

        var clock = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => PostAsync(client, $"call {i} [[sim:ttft=400]]")));
        clock.Stop();

        var stats = gateway.Simulator.GetStats();
        Assert.Equal(0, stats.RateLimited);
        Assert.Equal(0, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // No probe bottleneck: hundreds in flight at the upstream at once (AIMD's slow start reaches its 1,024 ceiling
        // within a few round trips), not one at a time.
        Assert.True(stats.PeakInFlight >= 500, $"peak in flight upstream: {stats.PeakInFlight}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Messages_HeaderlessUpstreamRefuses_KeyCoolsDownAndLaterRequestsArePaced()
    {
        // The upstream allows 1,200 a minute but never says so: its 429s (with retry-after) are the only evidence.
        await using var gateway = await SimulatedGateway.StartAsync(simulatorOptions: HeaderlessUpstream(requestsPerMinute: 1_200));
        using var client = Client(gateway);
        var first = await Task.WhenAll(Enumerable.Range(0, 1_300).Select(i => PostAsync(client, $"burst {i}")));
        var refusedInBurst = gateway.Simulator.GetStats().RateLimited;
        Assert.True(refusedInBurst > 0, "the burst went past the upstream's limit");

        // The key has cooled down and learned a rate: the next burst is paced, not sent into the empty bucket.
        var second = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => PostAsync(client, $"later {i}")));

        var refusedLater = gateway.Simulator.GetStats().RateLimited - refusedInBurst;
        Assert.True(refusedLater <= 10, $"upstream 429s after learning: {refusedLater} (burst: {refusedInBurst})");
        Assert.All(second, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(first.Count(s => s == HttpStatusCode.OK) >= 1_200, string.Join(",", first.GroupBy(s => s).Select(g => $"{g.Key}:{g.Count()}")));
    }
}
