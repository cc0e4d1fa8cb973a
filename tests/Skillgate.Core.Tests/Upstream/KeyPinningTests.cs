using Skillgate.Scheduling;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>Calls pinned to one key, through the transport to the simulator, with and without the scheduler.</summary>
public sealed class KeyPinningTests
{
    private const string KeyA = "sk-pin-key-a";
    private const string KeyB = "sk-pin-key-b";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendAsync_HundredCallsPinnedToB_OnlyBServesThem(bool scheduled)
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key(KeyA), SimulatorFixture.Key(KeyB));
        using var scheduler = scheduled ? RequestScheduler.Create(Options()) : null;
        using var client = scheduler is null
            ? SimulatorFixture.Client(sim)
            : new UpstreamClient(TransportFixture.Options(sim.BaseAddress, keys: 0), scheduler.AsKeySource());
        var b = new UpstreamSecret(KeyB).Fingerprint;

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
        {
            var request = SimulatorFixture.Request(stream: i % 4 == 0, $"pinned {i}");
            var pinned = new UpstreamRequest(request.Body, request.Stream) { Model = request.Model, MaxTokens = request.MaxTokens, KeyFingerprint = b };
            return SendAsync(client, pinned);
        }));

        Assert.All(responses, fingerprint => Assert.Equal(b, fingerprint));
        var stats = sim.GetStats().Keys;
        Assert.Equal(0, stats.Single(k => k.Key == KeyA).Requests);
        Assert.Equal(100, stats.Single(k => k.Key == KeyB).Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendAsync_UnknownFingerprint_NoKeyAvailableAndNothingSent(bool scheduled)
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key(KeyA), SimulatorFixture.Key(KeyB));
        using var scheduler = scheduled ? RequestScheduler.Create(Options()) : null;
        using var client = scheduler is null
            ? SimulatorFixture.Client(sim)
            : new UpstreamClient(TransportFixture.Options(sim.BaseAddress, keys: 0), scheduler.AsKeySource());
        var request = SimulatorFixture.Request(stream: false, "nobody");

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(
            new UpstreamRequest(request.Body, stream: false) { Model = request.Model, MaxTokens = request.MaxTokens, KeyFingerprint = "ffffffffffffffff" }));

        Assert.Equal(UpstreamErrorKind.NoKeyAvailable, error.Kind);
        Assert.DoesNotContain("sk-pin", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sim.GetStats().Keys.Sum(k => k.Requests));
    }

    private static async Task<string?> SendAsync(UpstreamClient client, UpstreamRequest request)
    {
        if (!request.Stream)
        {
            return (await client.SendAsync(request)).KeyFingerprint;
        }

        await using var stream = await client.StreamAsync(request);
        await TransportFixture.ReadAllAsync(stream);
        return stream.KeyFingerprint;
    }

    private static SchedulerOptions Options()
    {
        var limits = new RateLimitOptions { RequestsPerMinute = 100_000, InputTokensPerMinute = 100_000_000, OutputTokensPerMinute = 100_000_000 };
        return new SchedulerOptions
        {
            Upstreams =
            [
                new SchedulerUpstreamOptions
                {
                    Name = "test",
                    Keys = [new SchedulerKeyOptions { Name = "a", ApiKey = KeyA, Limits = limits }, new SchedulerKeyOptions { Name = "b", ApiKey = KeyB, Limits = limits }],
                    Concurrency = new ConcurrencyOptions { InitialLimit = 1000, MaxLimit = 1000 },
                },
            ],
        };
    }
}
