using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Protocol;
using Skillgate.Scheduling;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class KeyLeaseTests
{
    private readonly FakeTimeProvider _time = new(Start);

    private static Demand Available(AdmissionScheduler scheduler, string key, double now = 0)
        => scheduler.Pool.Keys.Single(k => k.Name == key).Buckets(Model, now).Available(now);

    [Fact]
    public void Complete_UsedLessThanReserved_RefundsDifference()
    {
        using var scheduler = Create(Options(Key("a", otpm: 10_000)), _time);
        var lease = scheduler.AdmitAsync(Request(input: 1000, maxTokens: 4000)).Lease();
        Assert.Equal(6000, Available(scheduler, "a").OutputTokens, 3);

        lease.Complete(new TokenUsage(InputTokens: 900, OutputTokens: 500));

        var available = Available(scheduler, "a");
        Assert.Equal(9500, available.OutputTokens, 3);
        Assert.Equal(100_000 - 900, available.InputTokens, 3);
        Assert.Equal(59, available.Requests, 3);
        Assert.True(lease.IsEnded);
    }

    [Fact]
    public void Complete_UsedMoreThanReserved_ChargesDifference()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        var lease = scheduler.AdmitAsync(Request(input: 1000, maxTokens: 100)).Lease();

        lease.Complete(new TokenUsage(InputTokens: 1500, OutputTokens: 100, CacheCreationInputTokens: 500, CacheReadInputTokens: 9000));

        // Cache writes count toward ITPM, cache reads do not.
        Assert.Equal(100_000 - 2000, Available(scheduler, "a").InputTokens, 3);
    }

    [Fact]
    public void Complete_WireUsage_CountsCacheWritesNotReads()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        var lease = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).Lease();

        lease.Complete(new Usage { InputTokens = 50, OutputTokens = 20, CacheCreationInputTokens = 30, CacheReadInputTokens = 1000 });

        Assert.Equal(new Demand(59, 100_000 - 80, 100_000 - 20), Available(scheduler, "a"));
    }

    [Fact]
    public void RateLimited_SnapshotFromHeaders_CorrectsBucketsAndUsesRetryAfter()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        var lease = scheduler.AdmitAsync(Request()).Lease();
        var headers = new Dictionary<string, string>
        {
            [RateLimitHeaders.RequestsLimit] = "60",
            [RateLimitHeaders.RequestsRemaining] = "0",
            [RateLimitHeaders.RetryAfter] = "12",
        };

        lease.RateLimited(snapshot: RateLimitSnapshot.Read(n => headers.GetValueOrDefault(n), Start));

        var key = scheduler.Pool.Keys[0];
        Assert.Equal(12, key.CooldownUntil, 3);
        Assert.Equal(0, Available(scheduler, "a").Requests, 3);
    }

    [Fact]
    public void Complete_SecondOutcome_IsIgnored()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        var lease = scheduler.AdmitAsync(Request(input: 1000, maxTokens: 1000)).Lease();
        lease.Complete(new TokenUsage(1000, 1000));
        lease.Dispose();
        lease.Unauthorized();

        Assert.Equal(59, Available(scheduler, "a").Requests, 3);
        Assert.Equal(KeyHealth.Healthy, scheduler.Pool.Keys[0].Health);
    }

    [Fact]
    public void Dispose_WithoutOutcome_GivesWholeReservationBack()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        var lease = scheduler.AdmitAsync(Request(input: 1000, maxTokens: 1000)).Lease();

        lease.Dispose();

        Assert.Equal(new Demand(60, 100_000, 100_000), Available(scheduler, "a"));
        Assert.Equal(0, scheduler.Pool.Upstreams[0].Limiter.InFlight);
    }

    [Fact]
    public void Fail_KeepsInputChargedAndRefundsOutput()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        var lease = scheduler.AdmitAsync(Request(input: 1000, maxTokens: 1000)).Lease();

        lease.Fail();

        Assert.Equal(new Demand(59, 99_000, 100_000), Available(scheduler, "a"));
    }

    [Fact]
    public void Complete_WithSnapshot_LowersBucketsToUpstreamRemaining()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        var lease = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).Lease();

        lease.Complete(new TokenUsage(100, 100), new RateLimitSnapshot
        {
            Requests = new RateLimitValue(60, 10, null),
            InputTokens = new RateLimitValue(100_000, 5_000, null),
        });

        var available = Available(scheduler, "a");
        Assert.Equal(10, available.Requests, 3);
        Assert.Equal(5_000, available.InputTokens, 3);
        Assert.Equal(99_900, available.OutputTokens, 3);
    }

    [Fact]
    public void RateLimited_CoolsKeyDownAndNextRequestUsesOtherKey()
    {
        var options = Options(Key("a"), Key("b"));
        options.KeySelection = KeySelectionPolicy.RoundRobin;
        using var scheduler = Create(options, _time);
        var first = scheduler.AdmitAsync(Request()).Lease();
        var other = first.KeyName == "a" ? "b" : "a";

        first.RateLimited(TimeSpan.FromSeconds(30));

        for (var i = 0; i < 5; i++)
        {
            var lease = scheduler.AdmitAsync(Request()).Lease();
            Assert.Equal(other, lease.KeyName);
            lease.Dispose();
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        var keys = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            var lease = scheduler.AdmitAsync(Request()).Lease();
            keys.Add(lease.KeyName);
            lease.Complete(new TokenUsage(100, 100));
        }

        Assert.Contains(first.KeyName, keys);
    }

    [Fact]
    public void RateLimited_OnlyKey_QueuedRequestWaitsForCooldown()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        scheduler.AdmitAsync(Request()).Lease().RateLimited(TimeSpan.FromSeconds(20));

        var waiting = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(60))).AsTask();
        _time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(waiting.Done().IsAdmitted);
    }

    [Fact]
    public void Unauthorized_QuarantinesKeyThenProbesItBack()
    {
        var options = Options(Key("a"), Key("b"));
        options.QuarantineDuration = TimeSpan.FromSeconds(60);
        using var scheduler = Create(options, _time);
        var bad = scheduler.AdmitAsync(Request()).Lease();
        var badName = bad.KeyName;

        bad.Unauthorized();

        for (var i = 0; i < 5; i++)
        {
            var lease = scheduler.AdmitAsync(Request()).Lease();
            Assert.NotEqual(badName, lease.KeyName);
            lease.Dispose();
        }

        // After the quarantine, the key is probed only when no healthy key fits: exhaust the other one.
        _time.Advance(TimeSpan.FromSeconds(60));
        var held = new List<KeyLease>();
        KeyLease? probe = null;
        for (var i = 0; i < 61 && probe is null; i++)
        {
            var lease = scheduler.AdmitAsync(Request()).Lease();
            if (lease.IsProbe)
            {
                probe = lease;
            }
            else
            {
                held.Add(lease);
            }
        }

        Assert.NotNull(probe);
        Assert.Equal(badName, probe.KeyName);

        // Only one probe at a time.
        Assert.False(scheduler.AdmitAsync(Request()).IsCompleted);

        probe.Complete(new TokenUsage(100, 100));
        Assert.Equal(KeyHealth.Healthy, scheduler.Pool.Keys.Single(k => k.Name == badName).Health);
    }

    [Fact]
    public void Unauthorized_FailedProbe_DoublesQuarantine()
    {
        var options = Options(Key("a"));
        options.QuarantineDuration = TimeSpan.FromSeconds(10);
        using var scheduler = Create(options, _time);
        scheduler.AdmitAsync(Request()).Lease().Unauthorized();

        var result = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(5))).Completed();
        Assert.Equal(RejectionKind.NoCapacity, result.RejectionKind);

        _time.Advance(TimeSpan.FromSeconds(10));
        var probe = scheduler.AdmitAsync(Request()).Lease();
        Assert.True(probe.IsProbe);
        probe.Unauthorized();

        var key = scheduler.Pool.Keys[0];
        Assert.Equal(20, key.QuarantineSeconds, 3);
    }

    [Fact]
    public void Overloaded_ShrinksUpstreamConcurrency()
    {
        var options = Options(Key("a", rpm: 10_000));
        options.Upstreams[0].Concurrency = new ConcurrencyOptions { InitialLimit = 10, MinLimit = 1, MaxLimit = 100, BackoffRatio = 0.5 };
        using var scheduler = Create(options, _time);
        var leases = Enumerable.Range(0, 10).Select(_ => scheduler.AdmitAsync(Request())).Select(a => a.Lease()).ToList();
        var waiting = scheduler.AdmitAsync(Request()).AsTask();
        Assert.False(waiting.IsCompleted);

        leases[0].Overloaded();

        var limiter = scheduler.Pool.Upstreams[0].Limiter;
        Assert.Equal(5, limiter.Limit);
        Assert.False(waiting.IsCompleted);

        // A second overload within the interval counts as the same one.
        leases[1].Overloaded();
        Assert.Equal(5, limiter.Limit);

        for (var i = 2; i < 6; i++)
        {
            leases[i].Complete(new TokenUsage(100, 100));
        }

        Assert.True(waiting.Done().IsAdmitted);
    }

    [Fact]
    public void Complete_ManySuccessesAtTheLimit_GrowsConcurrency()
    {
        var options = Options(Key("a", rpm: 100_000));
        options.Upstreams[0].Concurrency = new ConcurrencyOptions { InitialLimit = 4, MaxLimit = 8 };
        using var scheduler = Create(options, _time);
        for (var round = 0; round < 100; round++)
        {
            var leases = Enumerable.Range(0, scheduler.Pool.Upstreams[0].Limiter.Limit).Select(_ => scheduler.AdmitAsync(Request()).Lease()).ToList();
            leases.ForEach(l => l.Complete(new TokenUsage(1, 1)));
        }

        Assert.Equal(8, scheduler.Pool.Upstreams[0].Limiter.Limit);
    }

    [Fact]
    public void AdmitAsync_ConcurrencyBound_RejectsAsOverloaded529()
    {
        var options = Options(Key("a", rpm: 10_000));
        options.Upstreams[0].Concurrency = new ConcurrencyOptions { InitialLimit = 1, MinLimit = 1, MaxLimit = 1 };
        using var scheduler = Create(options, _time);

        // One request that took a second teaches the service time.
        var first = scheduler.AdmitAsync(Request()).Lease();
        _time.Advance(TimeSpan.FromSeconds(1));
        first.Complete(new TokenUsage(100, 100));
        scheduler.AdmitAsync(Request()).Lease();

        var result = scheduler.AdmitAsync(Request(deadline: Start.AddMilliseconds(100))).Completed();

        Assert.Equal(RejectionKind.Overloaded, result.RejectionKind);
        Assert.Equal(529, result.StatusCode);
        Assert.Equal("overloaded_error", result.ErrorType);
    }

    [Fact]
    public void AdmitAsync_AfterOverload_PlansWithTheShrunkLimit()
    {
        var options = Options(Key("a", rpm: 10_000));
        options.Upstreams[0].Concurrency = new ConcurrencyOptions { InitialLimit = 2, MinLimit = 1, MaxLimit = 1000, BackoffRatio = 0.5 };
        using var scheduler = Create(options, _time);
        var first = scheduler.AdmitAsync(Request()).Lease();
        _time.Advance(TimeSpan.FromSeconds(1));
        first.Complete(new TokenUsage(100, 100));

        // In slow start the ceiling (1,000) plans the wait: all 50 are queued, none shed (the limit is 3 by now).
        var held = scheduler.AdmitAsync(Request()).Lease();
        var overloaded = scheduler.AdmitAsync(Request()).Lease();
        var queued = Enumerable.Range(0, 50).Select(_ => scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(3)))).ToList();
        Assert.Equal(49, queued.Count(q => !q.IsCompleted));
        Assert.All(queued.Where(q => q.IsCompleted), q => Assert.True(q.Completed().IsAdmitted));

        // After a 529 the limit (1) is real: 50 ahead at ~1 s each cannot make a 3 s deadline.
        overloaded.Overloaded();
        var result = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(3))).Completed();
        Assert.Equal(RejectionKind.Overloaded, result.RejectionKind);
        held.Dispose();
    }

    [Fact]
    public void Complete_LearnedOutputAllowance_ReservesTypicalOutput()
    {
        var options = Options(Key("a", rpm: 10_000));
        options.OutputAllowance = OutputAllowanceMode.Learned;
        using var scheduler = Create(options, _time);
        for (var i = 0; i < 20; i++)
        {
            scheduler.AdmitAsync(Request(maxTokens: 4000)).Lease().Complete(new TokenUsage(100, 200));
        }

        var lease = scheduler.AdmitAsync(Request(maxTokens: 4000)).Lease();
        Assert.Equal(316, lease.ReservedOutputTokens);
    }

    [Fact]
    public void Complete_InputUnderestimated_ChargesTheOverrunButReservesLaterEstimatesAsGiven()
    {
        using var scheduler = Create(Options(Key("a", rpm: 10_000, itpm: 1_000_000)), _time);
        for (var i = 0; i < 30; i++)
        {
            scheduler.AdmitAsync(Request(input: 1000)).Lease().Complete(new TokenUsage(2000, 10));
        }

        // The buckets follow the real usage; the estimate itself is the token estimator's to calibrate, not scaled again here.
        Assert.Equal(1_000_000 - (30 * 2000), Available(scheduler, "a").InputTokens, 3);
        var lease = scheduler.AdmitAsync(Request(input: 1000)).Lease();
        Assert.Equal(1000, lease.ReservedInputTokens);
        Assert.Equal(1_000_000 - (30 * 2000) - 1000, Available(scheduler, "a").InputTokens, 3);
    }

    [Fact]
    public void Complete_RandomUsage_EveryLeaseReservesItsEstimateExactly()
    {
        // Whatever the usage reported so far, the next request reserves the (already calibrated) estimate it brought.
        Gen.Select(Gen.Int[1, 5_000], Gen.Int[1, 20_000], Gen.Int[0, 1_000]).Array[1, 40].Sample(steps =>
        {
            using var scheduler = Create(Options(Key("a", rpm: 10_000, itpm: 10_000_000, otpm: 10_000_000)), new FakeTimeProvider(Start));
            foreach (var (estimate, input, output) in steps)
            {
                var lease = scheduler.AdmitAsync(Request(input: estimate, maxTokens: 1_000)).Lease();
                Assert.Equal(estimate, lease.ReservedInputTokens);
                lease.Complete(new TokenUsage(input, output));
            }
        }, iter: 100);
    }
}
