using Microsoft.Extensions.Time.Testing;
using Skillgate.Protocol;
using Skillgate.Scheduling;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

/// <summary>A key without configured limits: one probe at a time until an answer's headers (or their absence) settle them.</summary>
public class UnknownLimitsTests
{
    private readonly FakeTimeProvider _time = new(Start);

    // The fallback (used only when an answer carries no headers) is tiny, so adopting the headers is visible.
    private static SchedulerKeyOptions UnknownKey(string name = "a") => Key(name, rpm: 2, itpm: 1_000, otpm: 1_000);

    private static SchedulerOptions UnknownOptions(params SchedulerKeyOptions[] keys)
    {
        foreach (var key in keys)
        {
            key.LimitsUnknown = true;
        }

        return Options(keys);
    }

    private static RateLimitSnapshot Headers(long rpm, long rpmLeft, long itpm = 50_000, long itpmLeft = 49_000, long otpm = 20_000, long otpmLeft = 19_000)
        => new()
        {
            Requests = new RateLimitValue(rpm, rpmLeft, null),
            InputTokens = new RateLimitValue(itpm, itpmLeft, null),
            OutputTokens = new RateLimitValue(otpm, otpmLeft, null),
        };

    private static BucketSet Buckets(AdmissionScheduler scheduler, string key = "a")
        => scheduler.Pool.Keys.Single(k => k.Name == key).Buckets(Model, scheduler.CurrentTime);

    [Fact]
    public void AdmitAsync_UnknownLimits_AdmitsOneProbeAndQueuesTheRest()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);

        // 5,000 input tokens exceed the fallback's ITPM: unknown limits never reject a request as too large.
        var probe = scheduler.AdmitAsync(Request(input: 5_000, maxTokens: 100)).Lease();
        var second = scheduler.AdmitAsync(Request());
        var third = scheduler.AdmitAsync(Request());

        Assert.True(probe.LearnsLimits);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, scheduler.QueueLength);
        Assert.True(Buckets(scheduler).Probing);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public void Complete_ProbeWithHeaders_AdoptsLimitsAndAdmitsWaitersAtOnce()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        var probe = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).Lease();
        var waiting = Enumerable.Range(0, 5).Select(_ => scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).AsTask()).ToList();

        probe.Complete(new TokenUsage(100, 50), Headers(rpm: 100, rpmLeft: 99));

        Assert.All(waiting, w => Assert.True(w.Done().IsAdmitted));
        Assert.All(waiting, w => Assert.False(w.Result.Lease!.LearnsLimits));
        var buckets = Buckets(scheduler);
        Assert.True(buckets.LimitsKnown);
        Assert.Equal(new Demand(100, 50_000, 20_000), buckets.Capacity);
        Assert.Equal(new Demand(99 - 5, 49_000 - 500, 19_000 - 500), buckets.Available(scheduler.CurrentTime));
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void Accepted_ProbeResponseHeaders_AdmitWaitersBeforeTheProbeEnds()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        var probe = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).Lease();
        var waiting = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).AsTask();

        // A long stream: the headers come first, the usage at its end.
        probe.Accepted(Headers(rpm: 600, rpmLeft: 10));
        Assert.True(waiting.Done().IsAdmitted);
        _time.Advance(TimeSpan.FromSeconds(1));
        probe.Complete(new TokenUsage(100, 80));

        // The headers already counted the probe: its end charges nothing more. 1 s refilled 10 requests.
        var available = Buckets(scheduler).Available(scheduler.CurrentTime);
        Assert.Equal(10 - 1 + 10, available.Requests, 3);
        Assert.Equal(49_000 - 100 + (50_000 / 60.0), available.InputTokens, 3);
        Assert.Equal(19_000 - 100 + (20_000 / 60.0), available.OutputTokens, 3);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void Complete_ProbeWithoutHeaders_FallsBackToConfiguredLimitsAndKeepsCorrecting()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        var probe = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).Lease();
        var second = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).AsTask();
        var third = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100, deadline: Start.AddMinutes(5))).AsTask();

        probe.Complete(new TokenUsage(100, 50));

        // Fallback RPM 2, less the probe: one more now, the next after the refill (30 s per request).
        var buckets = Buckets(scheduler);
        Assert.True(buckets.LimitsKnown);
        Assert.Equal(new Demand(2, 1_000, 1_000), buckets.Capacity);
        var lease = second.Done().Lease!;
        Assert.False(third.IsCompleted);

        // Later headers still correct the fallback (here: a 429 with retry-after and the real limit).
        lease.RateLimited(TimeSpan.FromSeconds(40), new RateLimitSnapshot { Requests = new RateLimitValue(1, 0, null) });
        // At 40 s the cooldown is over, and the fallback's 2 RPM would have refilled a request; the reported 1 RPM takes 60 s.
        Assert.Equal(1, buckets.Capacity.Requests);
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(third.Done().IsAdmitted);
    }

    [Fact]
    public void RateLimited_ProbeWithHeaders_AdoptsLimitsAndCoolsDown()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        var probe = scheduler.AdmitAsync(Request()).Lease();
        var waiting = scheduler.AdmitAsync(Request()).AsTask();

        probe.RateLimited(TimeSpan.FromSeconds(5), Headers(rpm: 50, rpmLeft: 0));

        Assert.Equal(50, Buckets(scheduler).Capacity.Requests);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(waiting.Done().IsAdmitted);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("dispose")]
    [InlineData("overloaded")]
    public void Release_ProbeWithoutAnswer_NextRequestProbesAgain(string outcome)
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        var probe = scheduler.AdmitAsync(Request()).Lease();
        var second = scheduler.AdmitAsync(Request()).AsTask();
        var third = scheduler.AdmitAsync(Request()).AsTask();

        switch (outcome)
        {
            case "fail":
                probe.Fail();
                break;
            case "overloaded":
                probe.Overloaded();
                break;
            default:
                probe.Dispose();
                break;
        }

        var next = second.Done().Lease!;
        Assert.True(next.LearnsLimits);
        Assert.False(Buckets(scheduler).LimitsKnown);
        Assert.False(third.IsCompleted);
        next.Complete(new TokenUsage(100, 100), Headers(rpm: 100, rpmLeft: 98));
        Assert.True(third.Done().IsAdmitted);
    }

    [Fact]
    public void AdmitAsync_DeadlineWhileProbing_QueuedThenRejectedAtTheDeadline()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        using var probe = scheduler.AdmitAsync(Request()).Lease();

        var hurried = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(2))).AsTask();

        Assert.False(hurried.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1.99));
        Assert.False(hurried.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.01));
        var result = hurried.Done();
        Assert.False(result.IsAdmitted);
        Assert.Equal(429, result.StatusCode);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void Complete_LearnedLimitsTooLowForQueuedDeadlines_RejectsThoseAtOnce()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        var probe = scheduler.AdmitAsync(Request()).Lease();
        var waiting = Enumerable.Range(0, 4).Select(_ => scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(15))).AsTask()).ToList();

        // 6 RPM, one left: the first waiter goes now, the second after 10 s (within its 15 s), the others cannot make it.
        probe.Complete(new TokenUsage(100, 100), Headers(rpm: 6, rpmLeft: 1));

        Assert.True(waiting[0].Done().IsAdmitted);
        Assert.False(waiting[1].IsCompleted);
        foreach (var (shed, wait) in new[] { (waiting[2], 20), (waiting[3], 30) })
        {
            var result = shed.Done();
            Assert.Equal(429, result.StatusCode);
            Assert.Equal(wait, result.RetryAfter.TotalSeconds, 3);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(waiting[1].Done().IsAdmitted);
    }

    [Fact]
    public void AdmitAsync_TwoUnknownKeys_OneProbeEach()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey("a"), UnknownKey("b")), _time);

        var first = scheduler.AdmitAsync(Request()).Lease();
        var second = scheduler.AdmitAsync(Request()).Lease();
        var third = scheduler.AdmitAsync(Request());

        Assert.NotEqual(first.KeyName, second.KeyName);
        Assert.False(third.IsCompleted);
    }

    [Fact]
    public void AdmitAsync_ModelWithConfiguredLimits_IsKnownFromTheStart()
    {
        var key = UnknownKey();
        key.ModelLimits[Model] = new RateLimitOptions { RequestsPerMinute = 60 };
        using var scheduler = Create(UnknownOptions(key), _time);

        var first = scheduler.AdmitAsync(Request()).Lease();
        var second = scheduler.AdmitAsync(Request()).Lease();

        Assert.False(first.LearnsLimits);
        Assert.False(second.LearnsLimits);
    }
}
