using System.Collections.Concurrent;
using Skillgate.Core.Tests.Upstream;
using Skillgate.Scheduling;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Scheduling;

/// <summary>The caller's facts ride on the <see cref="UpstreamRequest"/> to the scheduler: no ambient state.</summary>
public sealed class ExplicitAdmissionTests
{
    private const string SimKey = "sk-explicit-admission";

    [Fact]
    public async Task SendAsync_ConcurrentCalls_EachReachesTheSchedulerWithItsOwnFacts()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key(SimKey));
        using var recorder = new RecordingScheduler(RequestScheduler.Create(Options()), holdUntil: 2);
        using var client = Client(sim, recorder);
        var first = DateTimeOffset.UtcNow.AddMinutes(1);
        var second = DateTimeOffset.UtcNow.AddMinutes(2);

        // The recorder holds both admissions until both arrived: the calls are in flight together.
        await Task.WhenAll(
            client.SendAsync(Request("alpha", RequestPriority.Interactive, first)),
            client.SendAsync(Request("beta", RequestPriority.Batch, second)));

        var seen = recorder.Requests.ToDictionary(r => r.Tenant!);
        Assert.Equal(2, seen.Count);
        Assert.Equal((RequestPriority.Interactive, first), (seen["alpha"].Priority, seen["alpha"].Deadline));
        Assert.Equal((RequestPriority.Batch, second), (seen["beta"].Priority, seen["beta"].Deadline));
        Assert.All(seen.Values, r => Assert.Equal("test", r.Upstream));
    }

    [Fact]
    public async Task SendAsync_FromAFlowWithoutExecutionContext_StillCarriesItsFacts()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key(SimKey));
        using var recorder = new RecordingScheduler(RequestScheduler.Create(Options()));
        using var client = Client(sim, recorder);
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);

        Task<UpstreamResponse> call;
        using (ExecutionContext.SuppressFlow())
        {
            call = Task.Run(() => client.SendAsync(Request("gamma", RequestPriority.Batch, deadline)));
        }

        var response = await call;

        var admitted = Assert.Single(recorder.Requests);
        Assert.Equal("gamma", admitted.Tenant);
        Assert.Equal(RequestPriority.Batch, admitted.Priority);
        Assert.Equal(deadline, admitted.Deadline);
        Assert.Equal(new UpstreamSecret(SimKey).Fingerprint, response.KeyFingerprint);
    }

    [Fact]
    public async Task SendAsync_PastDeadline_RefusedBeforeTheUpstream()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key(SimKey));
        using var scheduler = RequestScheduler.Create(Options());
        using var client = Client(sim, scheduler);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(Request("late", RequestPriority.Interactive, DateTimeOffset.UtcNow.AddSeconds(-1))));

        Assert.Equal(429, error.StatusCode);
        Assert.Null(error.KeyFingerprint);
        Assert.Equal(0, sim.GetStats().Keys.Sum(k => k.Requests));
    }

    [Fact]
    public async Task SendAsync_QueueWait_SummedOverTheAttempts()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(529, "overloaded_error"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress), new WaitingKeySource(TimeSpan.FromSeconds(1.5)));

        var response = await client.SendAsync(TransportFixture.Request(stream: false));

        Assert.Equal(2, response.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(3), response.QueueWait);
        Assert.Equal(new UpstreamSecret("sk-waited").Fingerprint, response.KeyFingerprint);
    }

    private static SchedulerOptions Options() => new()
    {
        Upstreams =
        [
            new SchedulerUpstreamOptions
            {
                Name = "test",
                Keys = [new SchedulerKeyOptions { Name = "k", ApiKey = SimKey, Limits = new RateLimitOptions { RequestsPerMinute = 10_000, InputTokensPerMinute = 10_000_000, OutputTokensPerMinute = 10_000_000 } }],
            },
        ],
    };

    private static UpstreamClient Client(SimulatorHost sim, IRequestScheduler scheduler) =>
        new(TransportFixture.Options(sim.BaseAddress, keys: 0), scheduler.AsKeySource());

    private static UpstreamRequest Request(string tenant, RequestPriority priority, DateTimeOffset deadline)
    {
        var request = SimulatorFixture.Request(stream: false, $"hello from {tenant}");
        return new UpstreamRequest(request.Body, stream: false)
        {
            Model = request.Model, MaxTokens = request.MaxTokens, EstimatedInputTokens = 20, Tenant = tenant, Priority = priority, Deadline = deadline,
        };
    }

    /// <summary>Records what reaches the scheduler; optionally holds admissions until <c>holdUntil</c> of them arrived.</summary>
    private sealed class RecordingScheduler(IRequestScheduler inner, int holdUntil = 0) : IRequestScheduler
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<AdmissionRequest> Requests { get; } = new();

        public int QueueLength => inner.QueueLength;

        public async ValueTask<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Enqueue(request);
            if (Requests.Count >= holdUntil)
            {
                _all.TrySetResult();
            }

            await _all.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return await inner.AdmitAsync(request, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>One key; every lease says it waited <paramref name="wait"/> for admission.</summary>
    private sealed class WaitingKeySource(TimeSpan wait) : IUpstreamKeySource
    {
        private readonly UpstreamSecret _secret = new("sk-waited");

        public ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IUpstreamKeyLease>(new Lease(_secret, wait));

        private sealed class Lease(UpstreamSecret secret, TimeSpan wait) : IUpstreamKeyLease
        {
            public string KeyId => "waited";

            public UpstreamSecret Secret => secret;

            public TimeSpan QueueWait => wait;

            public void Report(UpstreamKeyOutcome outcome)
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
