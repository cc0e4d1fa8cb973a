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
    public void Complete_ProbeWithoutHeaders_LimitsStayUnknownAndEveryoneIsAdmitted()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        var probe = scheduler.AdmitAsync(Request(input: 100, maxTokens: 100)).Lease();
        var waiting = Enumerable.Range(0, 50).Select(_ => scheduler.AdmitAsync(Request(input: 5_000, maxTokens: 100)).AsTask()).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        probe.Complete(new TokenUsage(100, 50));

        // No headers: the configured "limits" (2 RPM, 1,000 ITPM) are not invented into limits; all 50 go at once.
        var buckets = Buckets(scheduler);
        Assert.True(buckets.Answered);
        Assert.False(buckets.LimitsKnown);
        Assert.All(waiting, w => Assert.True(w.Done().IsAdmitted));
        Assert.All(waiting, w => Assert.False(w.Result.Lease!.LearnsLimits));
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void RateLimited_WithoutHeadersOnUnknownLimits_CoolsDownThenPacesAtALearnedRate()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        scheduler.AdmitAsync(Request()).Lease().Complete(new TokenUsage(10, 10));
        var leases = Enumerable.Range(0, 20).Select(_ => scheduler.AdmitAsync(Request()).Lease()).ToList();

        // 20 requests sent after the probe were too many: one refusal with retry-after 10 s.
        leases[0].RateLimited(TimeSpan.FromSeconds(10));
        foreach (var lease in leases.Skip(1))
        {
            lease.Complete(new TokenUsage(10, 10));
        }

        var buckets = Buckets(scheduler);
        Assert.True(buckets.RequestsLearned);
        // 19 accepted in the last minute: the key is paced at 90 % of that, 17 a minute.
        Assert.Equal(Math.Floor(19 * 0.9), buckets.Capacity.Requests);
        Assert.True(double.IsPositiveInfinity(buckets.Capacity.InputTokens));

        var later = Enumerable.Range(0, 5).Select(_ => scheduler.AdmitAsync(Request(deadline: Start.AddMinutes(5))).AsTask()).ToList();
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.All(later, w => Assert.False(w.IsCompleted));

        // After the cooldown, what 17 RPM refilled since the refusal (13 s: 3.7 requests), then one per 60/17 s:
        // paced, not released at once.
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(3, later.Count(w => w.IsCompleted));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(4, later.Count(w => w.IsCompleted));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.All(later, w => Assert.True(w.Done().IsAdmitted));
    }

    [Fact]
    public void Complete_HeadersAppearLater_SetTheLimits()
    {
        using var scheduler = Create(UnknownOptions(UnknownKey()), _time);
        scheduler.AdmitAsync(Request()).Lease().Complete(new TokenUsage(10, 10));
        var buckets = Buckets(scheduler);
        Assert.False(buckets.LimitsKnown);

        scheduler.AdmitAsync(Request()).Lease().Complete(new TokenUsage(10, 10), Headers(rpm: 3, rpmLeft: 1));

        Assert.True(buckets.LimitsKnown);
        Assert.Equal(new Demand(3, 50_000, 20_000), buckets.Capacity);
        Assert.True(scheduler.AdmitAsync(Request()).AsTask().Done().IsAdmitted);
        var paced = scheduler.AdmitAsync(Request(deadline: Start.AddMinutes(5))).AsTask();
        Assert.False(paced.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(paced.Done().IsAdmitted);
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
