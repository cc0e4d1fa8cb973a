using Skillgate.Scheduling;

namespace Skillgate.Core.Tests.Scheduling;

public class AimdConcurrencyLimiterTests
{
    private static void Round(AimdConcurrencyLimiter limiter, double now)
    {
        var n = limiter.Limit;
        for (var i = 0; i < n; i++)
        {
            limiter.Acquire();
        }

        for (var i = 0; i < n; i++)
        {
            limiter.Release(success: true, overloaded: false, now);
        }
    }

    [Fact]
    public void Release_SlowStart_GrowsByOnePerSuccessAtTheLimit()
    {
        var limiter = new AimdConcurrencyLimiter(new ConcurrencyOptions { InitialLimit = 8, MaxLimit = 100 });

        // A success counts while at least half the limit was in flight: 3 of the first round's 8.
        Round(limiter, 0);
        Assert.Equal(11, limiter.Limit);
        Round(limiter, 0);
        Round(limiter, 0);
        Assert.Equal(21, limiter.Limit);
    }

    [Fact]
    public void Release_AfterOverload_GrowsByLessThanOnePerRound()
    {
        var limiter = new AimdConcurrencyLimiter(new ConcurrencyOptions { InitialLimit = 20, MaxLimit = 100, BackoffRatio = 0.5 });
        limiter.Acquire();
        limiter.Release(success: false, overloaded: true, now: 0);
        Assert.Equal(10, limiter.Limit);

        for (var i = 0; i < 4; i++)
        {
            Round(limiter, 10);
        }

        Assert.Equal(11, limiter.Limit);
    }

    [Fact]
    public void Release_IdleSuccesses_DoNotGrowTheLimit()
    {
        var limiter = new AimdConcurrencyLimiter(new ConcurrencyOptions { InitialLimit = 10 });
        for (var i = 0; i < 100; i++)
        {
            limiter.Acquire();
            limiter.Release(success: true, overloaded: false, now: i);
        }

        Assert.Equal(10, limiter.Limit);
    }

    [Fact]
    public void Release_OverloadsWithinInterval_CountOnce()
    {
        var limiter = new AimdConcurrencyLimiter(new ConcurrencyOptions { InitialLimit = 100, BackoffRatio = 0.5, DecreaseInterval = TimeSpan.FromSeconds(1) });
        for (var i = 0; i < 5; i++)
        {
            limiter.Acquire();
        }

        limiter.Release(false, true, now: 0);
        limiter.Release(false, true, now: 0.5);
        Assert.Equal(50, limiter.Limit);
        limiter.Release(false, true, now: 1.0);
        Assert.Equal(25, limiter.Limit);
        limiter.Release(false, true, now: 100);
        limiter.Release(false, true, now: 200);
        Assert.Equal(6, limiter.Limit);
        Assert.Equal(0, limiter.InFlight);
    }
}
