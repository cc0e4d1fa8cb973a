using Skillgate.Scheduling;

namespace Skillgate.Core.Tests.Scheduling;

public class TokenBucketTests
{
    [Fact]
    public void TryTake_EmptyBucket_RefillsContinuously()
    {
        var bucket = new TokenBucket(60, now: 0);
        Assert.True(bucket.TryTake(60, 0));
        Assert.False(bucket.TryTake(1, 0.5));
        Assert.True(bucket.TryTake(1, 1.0));
        Assert.Equal(0, bucket.Available(1.0), 6);
    }

    [Fact]
    public void Available_LongIdle_NeverExceedsCapacity()
    {
        var bucket = new TokenBucket(100, now: 0);
        bucket.TryTake(50, 0);
        Assert.Equal(100, bucket.Available(3600), 6);
        bucket.Adjust(+500, 3600);
        Assert.Equal(100, bucket.Available(3600), 6);
    }

    [Fact]
    public void SecondsUntil_Shortfall_IsShortfallOverRate()
    {
        var bucket = new TokenBucket(600, now: 0);
        bucket.TryTake(600, 0);
        Assert.Equal(10, bucket.SecondsUntil(100, 0), 6);
        Assert.True(double.IsPositiveInfinity(bucket.SecondsUntil(601, 0)));
    }

    [Fact]
    public void Adjust_Charge_GoesIntoDebtAndPaysBack()
    {
        var bucket = new TokenBucket(60, now: 0);
        bucket.TryTake(60, 0);
        bucket.Adjust(-30, 0);
        Assert.Equal(-30, bucket.Available(0), 6);
        Assert.Equal(31, bucket.SecondsUntil(1, 0), 6);
    }

    [Fact]
    public void Correct_RemainingBelowLocal_LowersLevel()
    {
        var bucket = new TokenBucket(1000, now: 0);
        bucket.Correct(limit: 1000, remaining: 200, now: 0);
        Assert.Equal(200, bucket.Available(0), 6);
    }

    [Fact]
    public void Correct_RemainingAboveLocal_KeepsLevel()
    {
        var bucket = new TokenBucket(1000, now: 0);
        bucket.TryTake(900, 0);
        bucket.Correct(limit: null, remaining: 800, now: 0);
        Assert.Equal(100, bucket.Available(0), 6);
    }

    [Theory]
    [InlineData(0.0, 0.7, 0.7)]
    [InlineData(3.0, 3.99, 3.99)]
    [InlineData(3.0, 4.0, 3.0)]
    [InlineData(0.0, 2.5, 0.0)]
    public void Correct_RemainingIsAFloor_LevelWithinOneUnitAboveIsKept(double remaining, double local, double expected)
    {
        var bucket = new TokenBucket(60, now: 0);
        bucket.TryTake(60 - local, 0);

        bucket.Correct(limit: null, remaining: remaining, now: 0);

        Assert.Equal(expected, bucket.Available(0), 6);
    }

    [Fact]
    public void Correct_DifferentLimit_AdoptsUpstreamLimit()
    {
        var bucket = new TokenBucket(1000, now: 0);
        bucket.Correct(limit: 400, remaining: null, now: 0);
        Assert.Equal(400, bucket.Capacity);
        Assert.Equal(400, bucket.Available(0), 6);
        Assert.Equal(400 / 60.0, bucket.RatePerSecond, 6);
    }
}
