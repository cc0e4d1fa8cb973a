using Microsoft.Extensions.Time.Testing;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class RetryBudgetTests
{
    private static RetryBudget Create(FakeTimeProvider time, double ratio = 0.2, int minPerSecond = 0) =>
        new(new UpstreamRetryOptions { BudgetRatio = ratio, BudgetMinRetriesPerSecond = minPerSecond, BudgetWindow = TimeSpan.FromSeconds(10) }, time);

    [Fact]
    public void TryAcquireRetry_WithinRatio_AllowsShareOfRequests()
    {
        var time = new FakeTimeProvider();
        var budget = Create(time);
        for (var i = 0; i < 100; i++)
        {
            budget.RecordRequest();
        }

        var allowed = Enumerable.Range(0, 50).Count(_ => budget.TryAcquireRetry());
        Assert.Equal(20, allowed);
    }

    [Fact]
    public void TryAcquireRetry_NoTraffic_OnlyReserve()
    {
        var time = new FakeTimeProvider();
        var budget = Create(time, minPerSecond: 1);
        Assert.Equal(10, Enumerable.Range(0, 50).Count(_ => budget.TryAcquireRetry()));
    }

    [Fact]
    public void TryAcquireRetry_AfterWindow_BudgetRefills()
    {
        var time = new FakeTimeProvider();
        var budget = Create(time);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }

        Assert.Equal(2, Enumerable.Range(0, 10).Count(_ => budget.TryAcquireRetry()));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.False(budget.TryAcquireRetry());
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }

        Assert.Equal(2, Enumerable.Range(0, 10).Count(_ => budget.TryAcquireRetry()));
    }

    [Fact]
    public void TryAcquireRetry_OldRequestsSlideOut()
    {
        var time = new FakeTimeProvider();
        var budget = Create(time);
        for (var i = 0; i < 50; i++)
        {
            budget.RecordRequest();
        }

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(budget.TryAcquireRetry());
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(budget.TryAcquireRetry());
    }
}
