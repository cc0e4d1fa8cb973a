using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using Skillgate.Upstream;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class SchedulerKeySourceTests
{
    private readonly FakeTimeProvider _time = new(Start);

    private AdmissionScheduler TwoUpstreams() => Create(new SchedulerOptions
    {
        Upstreams =
        [
            new SchedulerUpstreamOptions { Name = "one", Keys = [Key("a", rpm: 6)] },
            new SchedulerUpstreamOptions { Name = "two", Keys = [Key("b", rpm: 6)] },
        ],
    }, _time);

    private static UpstreamKeyRequest Attempt(string upstream, int attempt = 0, DateTimeOffset? deadline = null, string? tenant = null) =>
        new(upstream, new UpstreamRequest(default, stream: false) { Model = Model, EstimatedInputTokens = 100, MaxTokens = 100, Deadline = deadline, Tenant = tenant }, attempt);

    [Fact]
    public async Task AcquireAsync_Upstream_GivesAKeyOfThatUpstream()
    {
        using var scheduler = TwoUpstreams();
        var source = scheduler.AsKeySource(timeProvider: _time);

        for (var i = 0; i < 6; i++)
        {
            using var lease = await source.AcquireAsync(Attempt("two"));
            Assert.Equal("b", lease.KeyId);
            Assert.Equal("[redacted]", lease.Secret.ToString());
            Assert.Equal(Key("b").ApiKey, lease.Secret.Expose());
            lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Success, 200, new UpstreamUsage(100, 100), null, null));
        }

        // The requests bucket of key b is spent; key a (upstream one) is untouched but not eligible.
        var pending = source.AcquireAsync(Attempt("two", 1)).AsTask();
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        using var next = await pending;
        Assert.Equal("b", next.KeyId);
    }

    [Fact]
    public async Task Report_RateLimited_CoolsTheKeyDown()
    {
        using var scheduler = TwoUpstreams();
        var source = scheduler.AsKeySource(timeProvider: _time);
        using (var lease = await source.AcquireAsync(Attempt("one")))
        {
            lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.RateLimited, 429, default, TimeSpan.FromSeconds(7), null));
        }

        Assert.Equal(7, scheduler.Pool.Keys.Single(k => k.Name == "a").CooldownUntil, 3);
    }

    [Fact]
    public async Task Report_Rejected_QuarantinesTheKey()
    {
        using var scheduler = TwoUpstreams();
        var source = scheduler.AsKeySource(new AdmissionRequest { Model = Model, MaxTokens = 100, Deadline = Start.AddSeconds(5) }, _time);
        using (var lease = await source.AcquireAsync(Attempt("one")))
        {
            lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Rejected, 401, default, null, null));
        }

        Assert.Equal(KeyHealth.Quarantined, scheduler.Pool.Keys.Single(k => k.Name == "a").Health);
        var ex = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Attempt("one")).AsTask());
        Assert.Equal(503, ex.StatusCode);
    }

    [Fact]
    public async Task AcquireAsync_PastDeadline_ThrowsWith429AndRetryAfter()
    {
        using var scheduler = TwoUpstreams();
        var source = scheduler.AsKeySource(new AdmissionRequest { Model = Model, MaxTokens = 100, Tenant = "t", Deadline = Start.AddSeconds(2) }, _time);
        for (var i = 0; i < 6; i++)
        {
            (await source.AcquireAsync(Attempt("one"))).Dispose();
        }

        // Disposed leases gave everything back, so six more fit; the seventh would wait 10 s.
        for (var i = 0; i < 6; i++)
        {
            using var lease = await source.AcquireAsync(Attempt("one"));
            lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Failed, 500, default, null, null));
        }

        var ex = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Attempt("one", 2)).AsTask());
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal("rate_limit_error", ex.ErrorType);
        Assert.Equal(10, ex.RetryAfter!.Value.TotalSeconds, 3);
        Assert.Equal(2, ex.Attempts);
    }

    [Fact]
    public async Task AcquireAsync_RequestFacts_SetTenantAndDeadlineAndReportQueueWait()
    {
        using var scheduler = TwoUpstreams();
        var source = scheduler.AsKeySource(timeProvider: _time);
        for (var i = 0; i < 6; i++)
        {
            (await source.AcquireAsync(Attempt("one"))).Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Failed, 500, default, null, null));
        }

        var pending = source.AcquireAsync(Attempt("one", tenant: "t1", deadline: Start.AddSeconds(30))).AsTask();
        _time.Advance(TimeSpan.FromSeconds(10));
        using var lease = await pending;
        Assert.Equal(TimeSpan.FromSeconds(10), lease.QueueWait);

        var ex = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Attempt("one", deadline: Start.AddSeconds(11))).AsTask());
        Assert.Equal(429, ex.StatusCode);
    }
}
