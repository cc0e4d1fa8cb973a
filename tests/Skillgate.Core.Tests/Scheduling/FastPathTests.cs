using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

/// <summary>The inline admission: a free key admits at once, and never ahead of anyone who waits.</summary>
public class FastPathTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void AdmitAsync_KeyFreeAndNobodyWaits_AdmitsInlineWithoutQueueing()
    {
        using var scheduler = Create(Options(Key("a", rpm: 60)), _time);

        var admission = scheduler.AdmitAsync(Request());

        Assert.True(admission.IsCompletedSuccessfully);
        var lease = admission.Lease();
        Assert.Equal(TimeSpan.Zero, lease.QueueWait);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void AdmitAsync_WaiterAhead_SmallRequestQueuesBehindItThoughAKeyCouldTakeIt()
    {
        // 1,000 input tokens per minute: after 900, a 500-token request waits ~24 s while 10 tokens would fit now.
        using var scheduler = Create(Options(Key("a", rpm: 1000, itpm: 1000)), _time);
        var deadline = Start.AddHours(1);
        scheduler.AdmitAsync(Request(input: 900, deadline: deadline)).Lease();
        var large = scheduler.AdmitAsync(Request(input: 500, deadline: deadline)).AsTask();
        Assert.False(large.IsCompleted);

        var small = scheduler.AdmitAsync(Request(input: 10, deadline: deadline)).AsTask();

        Assert.False(small.IsCompleted, "the small request jumped the queue");
        Assert.Equal(2, scheduler.QueueLength);
        _time.Advance(TimeSpan.FromSeconds(24.1));
        Assert.True(large.Done().IsAdmitted);
        Assert.False(small.IsCompleted, "the large request emptied the bucket; the small one waits for its refill");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(small.Done().IsAdmitted);
    }

    [Fact]
    public void AdmitAsync_OtherTenantWaits_NewTenantDoesNotPassTheQueue()
    {
        using var scheduler = Create(Options(Key("a", rpm: 60)), _time);
        var deadline = Start.AddHours(1);
        for (var i = 0; i < 60; i++)
        {
            scheduler.AdmitAsync(Request(tenant: "flood", deadline: deadline)).Lease();
        }

        var waiting = scheduler.AdmitAsync(Request(tenant: "flood", deadline: deadline)).AsTask();
        var newcomer = scheduler.AdmitAsync(Request(tenant: "quiet", deadline: deadline)).AsTask();

        Assert.False(waiting.IsCompleted);
        Assert.False(newcomer.IsCompleted);
        Assert.Equal(2, scheduler.QueueLength);
        _time.Advance(TimeSpan.FromSeconds(2.1));
        Assert.True(waiting.Done().IsAdmitted);
        Assert.True(newcomer.Done().IsAdmitted);
    }

    [Fact]
    public void AdmitAsync_DeadlinePassed_IsRejectedEvenWhenAKeyIsFree()
    {
        using var scheduler = Create(Options(Key("a", rpm: 60)), _time);

        var result = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(-1))).Completed();

        Assert.False(result.IsAdmitted);
    }

    [Fact]
    public void AdmitAsync_QueueFull_IsRejectedAsBeforeEvenWhenAKeyIsFree()
    {
        var options = Options(Key("a", rpm: 60));
        options.MaxQueueLength = 0;
        using var scheduler = Create(options, _time);

        var result = scheduler.AdmitAsync(Request()).Completed();

        Assert.Equal(RejectionKind.QueueFull, result.RejectionKind);
    }

    [Fact]
    public void AdmitAsync_LadderStartsWithFallback_TakesTheLadderNotTheFastPath()
    {
        var options = Options(Key("a", rpm: 60));
        options.FallbackModels[Model] = Fallback;
        options.DegradationLadder = [DegradationStep.FallbackModel, DegradationStep.Queue, DegradationStep.Shed];
        using var scheduler = Create(options, _time);

        var lease = scheduler.AdmitAsync(Request()).Lease();

        Assert.Equal(Fallback, lease.Model);
    }

    [Fact]
    public void AdmitAsync_ManyInlineAdmissions_MatchTheBucket()
    {
        using var scheduler = Create(Options(Key("a", rpm: 60)), _time);
        var deadline = Start.AddHours(1);

        var admissions = Enumerable.Range(0, 61).Select(_ => scheduler.AdmitAsync(Request(deadline: deadline)).AsTask()).ToList();

        Assert.Equal(60, admissions.Count(a => a.IsCompletedSuccessfully && a.Result.IsAdmitted));
        Assert.Equal(1, scheduler.QueueLength);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(admissions[^1].Done().IsAdmitted);
    }
}
