using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class KeySourceSeamTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LeaseWithFallbackModel_AttemptUsesIt_OutcomeReported(bool stream)
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-a"));
        var source = new FallbackKeySource("sk-a", "claude-fallback-9");
        var options = TransportFixture.Options(sim.BaseAddress, keys: 0);
        using var client = new UpstreamClient(options, source);
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, "Hi", model: "claude-big-1"));
        Assert.Equal(200, seen.Status);
        Assert.Contains("\"model\":\"claude-fallback-9\"", seen.Body, StringComparison.Ordinal);
        var outcome = Assert.Single(source.Outcomes);
        Assert.Equal(UpstreamKeyOutcomeKind.Success, outcome.Kind);
        Assert.True(outcome.Usage.OutputTokens > 0);
        // The simulator's key has no limits, so every family reports the nominal limit: the lease read real headers.
        var requests = outcome.RateLimits?.Requests;
        Assert.NotNull(requests);
        Assert.Equal(Skillgate.Simulator.SimulatorOptions.DefaultUnlimitedNominalLimit, requests.Value.Limit);
    }

    private sealed class FallbackKeySource(string key, string model) : IUpstreamKeySource
    {
        public List<(UpstreamKeyOutcomeKind Kind, UpstreamUsage Usage, Skillgate.Protocol.RateLimitSnapshot? RateLimits)> Outcomes { get; } = [];

        public ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IUpstreamKeyLease>(new Lease(this, key, model));

        private sealed class Lease(FallbackKeySource owner, string key, string model) : IUpstreamKeyLease
        {
            public string KeyId => "fallback";

            public UpstreamSecret Secret { get; } = new(key);

            public string? Model => model;

            public void Report(UpstreamKeyOutcome outcome)
            {
                lock (owner.Outcomes)
                {
                    owner.Outcomes.Add((outcome.Kind, outcome.Usage, outcome.ReadRateLimits(DateTimeOffset.UtcNow)));
                }
            }

            public void Dispose()
            {
            }
        }
    }
}
