using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using Skillgate.Upstream;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class AdmissionSchedulerTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void AdmitAsync_CapacityAvailable_AdmitsAtOnce()
    {
        using var scheduler = Create(Options(Key("a")), _time);

        var lease = scheduler.AdmitAsync(Request(input: 500, maxTokens: 200)).Lease();

        Assert.Equal("a", lease.KeyName);
        Assert.Equal("anthropic", lease.UpstreamName);
        Assert.Equal(Model, lease.Model);
        Assert.False(lease.IsFallback);
        Assert.Equal(500, lease.ReservedInputTokens);
        Assert.Equal(200, lease.ReservedOutputTokens);
        Assert.Equal(TimeSpan.Zero, lease.QueueWait);
    }

    [Fact]
    public void AdmitAsync_RequestsBucketEmpty_WaitsForRefill()
    {
        // 6 RPM: six at once, then one every ten seconds.
        using var scheduler = Create(Options(Key("a", rpm: 6)), _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var seventh = scheduler.AdmitAsync(Request()).AsTask();
        Assert.False(seventh.IsCompleted);
        Assert.Equal(1, scheduler.QueueLength);

        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(seventh.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        var lease = seventh.Done().Lease!;
        Assert.Equal(TimeSpan.FromSeconds(10), lease.QueueWait);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void AdmitAsync_ExpectedWaitBeyondDeadline_RejectsAtOnceWith429AndRetryAfter()
    {
        using var scheduler = Create(Options(Key("a", rpm: 6)), _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var admission = scheduler.AdmitAsync(Request(deadline: _time.GetUtcNow().AddSeconds(5)));

        var result = admission.Completed();
        Assert.Equal(AdmissionOutcome.Rejected, result.Outcome);
        Assert.Equal(RejectionKind.RateLimited, result.RejectionKind);
        Assert.Equal(429, result.StatusCode);
        Assert.Equal("rate_limit_error", result.ErrorType);
        Assert.Equal(10, result.RetryAfter.TotalSeconds, 3);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void AdmitAsync_QueueAheadCountsTowardExpectedWait()
    {
        using var scheduler = Create(Options(Key("a", rpm: 6)), _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var deadline = _time.GetUtcNow().AddSeconds(25);
        var first = scheduler.AdmitAsync(Request(deadline: deadline)).AsTask();
        var second = scheduler.AdmitAsync(Request(deadline: deadline)).AsTask();
        var third = scheduler.AdmitAsync(Request(deadline: deadline)).AsTask();

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Equal(RejectionKind.RateLimited, third.Done().RejectionKind);
        Assert.Equal(30, third.Done().RetryAfter.TotalSeconds, 3);
    }

    [Fact]
    public void AdmitAsync_PushedBackPastDeadline_RejectedExactlyAtDeadlineNotLater()
    {
        using var scheduler = Create(Options(Key("a", rpm: 6)), _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        // Fits when it arrives (10 s expected, 12 s allowed), then interactive work jumps ahead of it.
        var batch = scheduler.AdmitAsync(Request(priority: RequestPriority.Batch, deadline: _time.GetUtcNow().AddSeconds(12))).AsTask();
        var interactive = scheduler.AdmitAsync(Request(deadline: _time.GetUtcNow().AddSeconds(60))).AsTask();

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(interactive.Done().IsAdmitted);
        Assert.False(batch.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1.999));
        Assert.False(batch.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var result = batch.Done();
        Assert.Equal(RejectionKind.RateLimited, result.RejectionKind);
        Assert.True(result.RetryAfter > TimeSpan.Zero);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public void AdmitAsync_NoDeadline_UsesDefaultMaxQueueWait()
    {
        var options = Options(Key("a", rpm: 6));
        options.DefaultMaxQueueWait = TimeSpan.FromSeconds(5);
        using var scheduler = Create(options, _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        Assert.Equal(RejectionKind.RateLimited, scheduler.AdmitAsync(Request()).Completed().RejectionKind);
    }

    [Fact]
    public async Task AdmitAsync_Cancelled_RemovesWaiterAndLetsNextIn()
    {
        using var scheduler = Create(Options(Key("a", rpm: 6)), _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        using var cts = new CancellationTokenSource();
        var cancelled = scheduler.AdmitAsync(Request(), cts.Token).AsTask();
        var next = scheduler.AdmitAsync(Request()).AsTask();
        Assert.Equal(2, scheduler.QueueLength);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, scheduler.QueueLength);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(next.Done().IsAdmitted);
    }

    [Fact]
    public async Task AdmitAsync_AlreadyCancelled_Throws()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scheduler.AdmitAsync(Request(), cts.Token).AsTask());
    }

    [Fact]
    public void AdmitAsync_InvalidRequest_Throws()
    {
        using var scheduler = Create(Options(Key("a")), _time);
        Assert.Throws<ArgumentException>(() => scheduler.AdmitAsync(new AdmissionRequest { Model = "", MaxTokens = 1 }));
        Assert.Throws<ArgumentException>(() => scheduler.AdmitAsync(new AdmissionRequest { Model = Model, MaxTokens = 0 }));
    }

    [Fact]
    public void Dispose_QueuedWaiters_FailWithShuttingDown()
    {
        var scheduler = Create(Options(Key("a", rpm: 6)), _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var waiting = scheduler.AdmitAsync(Request()).AsTask();
        scheduler.Dispose();

        var result = waiting.Done();
        Assert.Equal(RejectionKind.ShuttingDown, result.RejectionKind);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(RejectionKind.ShuttingDown, scheduler.AdmitAsync(Request()).Completed().RejectionKind);
    }

    [Fact]
    public void AdmitAsync_InteractiveBeforeBatch()
    {
        using var scheduler = Create(Options(Key("a", rpm: 6)), _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var batch = scheduler.AdmitAsync(Request(priority: RequestPriority.Batch)).AsTask();
        var interactive = scheduler.AdmitAsync(Request()).AsTask();

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(interactive.Done().IsAdmitted);
        Assert.False(batch.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(batch.Done().IsAdmitted);
    }

    [Fact]
    public void AdmitAsync_NeedsMoreThanAnyLimit_Rejects413()
    {
        using var scheduler = Create(Options(Key("a", itpm: 10_000)), _time);

        var result = scheduler.AdmitAsync(Request(input: 20_000)).Completed();

        Assert.Equal(RejectionKind.RequestTooLarge, result.RejectionKind);
        Assert.Equal(413, result.StatusCode);
        Assert.Equal("request_too_large", result.ErrorType);
    }

    [Fact]
    public void AdmitAsync_QueueFull_Rejects503()
    {
        var options = Options(Key("a", rpm: 6));
        options.MaxQueueLength = 1;
        using var scheduler = Create(options, _time);
        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        _ = scheduler.AdmitAsync(Request());
        var result = scheduler.AdmitAsync(Request()).Completed();

        Assert.Equal(RejectionKind.QueueFull, result.RejectionKind);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal("overloaded_error", result.ErrorType);
    }
}
