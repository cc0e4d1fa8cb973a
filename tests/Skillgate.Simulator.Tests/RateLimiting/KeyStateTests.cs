using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Protocol;
using Skillgate.Simulator.RateLimiting;

namespace Skillgate.Simulator.Tests.RateLimiting;

public sealed class KeyStateTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private KeyState Create(int rpm = 0, int itpm = 0, int otpm = 0) =>
        new(new SimulatorKeyOptions { Key = "k", RequestsPerMinute = rpm, InputTokensPerMinute = itpm, OutputTokensPerMinute = otpm },
            new FaultOptions(), _time, unlimitedNominalLimit: 1_000_000);

    [Fact]
    public void TryAcquire_RequestBucketEmpty_RefusedUntilRefilled()
    {
        var key = Create(rpm: 60);
        for (var i = 0; i < 60; i++)
        {
            Assert.True(key.TryAcquire(1, 1, out _, out _));
        }

        Assert.False(key.TryAcquire(1, 1, out _, out var failure));
        Assert.Equal("requests", failure.What);
        Assert.Equal(TimeSpan.FromSeconds(1), failure.RetryAfter);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(key.TryAcquire(1, 1, out _, out _));
    }

    [Fact]
    public void TryAcquire_ContinuousRefill_HalfAfterThirtySeconds()
    {
        var key = Create(itpm: 1_000);
        Assert.True(key.TryAcquire(1_000, 1, out _, out _));

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.True(key.TryAcquire(500, 1, out _, out _));
        Assert.False(key.TryAcquire(1, 1, out _, out var failure));
        Assert.Equal("input tokens", failure.What);
    }

    [Fact]
    public void Settle_ReturnsUnusedOutputReservation()
    {
        var key = Create(otpm: 1_000);
        Assert.True(key.TryAcquire(1, 800, out _, out _));
        Assert.False(key.TryAcquire(1, 800, out _, out _));

        key.Settle(outputReserved: 800, outputUsed: 100);

        Assert.True(key.TryAcquire(1, 800, out _, out _));
    }

    [Fact]
    public void TryAcquire_ReservationLargerThanLimit_CappedAtLimit()
    {
        var key = Create(otpm: 1_000);

        Assert.True(key.TryAcquire(1, 64_000, out var reserved, out _));
        key.Settle(reserved, outputUsed: 100);
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(1_000, reserved);
        Assert.True(key.TryAcquire(1, 1_000, out _, out _));
    }

    [Fact]
    public void WriteHeaders_RemainingAndRfc3339Reset()
    {
        var key = Create(rpm: 50, itpm: 30_000, otpm: 8_000);
        Assert.True(key.TryAcquire(3_000, 8_000, out _, out _));
        var headers = new HeaderDictionary();

        key.WriteHeaders(headers);

        Assert.Equal("50", headers[RateLimitHeaders.RequestsLimit]);
        Assert.Equal("49", headers[RateLimitHeaders.RequestsRemaining]);
        Assert.Equal("27000", headers[RateLimitHeaders.InputTokensRemaining]);
        Assert.Equal("0", headers[RateLimitHeaders.OutputTokensRemaining]);
        Assert.Equal("8000", headers[RateLimitHeaders.TokensLimit]);
        Assert.Equal("2025-01-01T00:01:00Z", headers[RateLimitHeaders.OutputTokensReset]);
        Assert.Equal("2025-01-01T00:00:02Z", headers[RateLimitHeaders.RequestsReset]);
    }

    [Fact]
    public void WriteHeaders_NoLimits_AllFamiliesNominalAndResetNow()
    {
        var key = Create();
        Assert.True(key.TryAcquire(5_000, 4_000, out _, out _));
        _time.Advance(TimeSpan.FromMilliseconds(2_000));
        var headers = new HeaderDictionary();

        key.WriteHeaders(headers);

        Assert.Equal(12, headers.Count);
        foreach (var family in new[] { "requests", "tokens", "input-tokens", "output-tokens" })
        {
            Assert.Equal("1000000", headers[$"anthropic-ratelimit-{family}-limit"]);
            Assert.Equal("1000000", headers[$"anthropic-ratelimit-{family}-remaining"]);
            Assert.Equal("2025-01-01T00:00:02Z", headers[$"anthropic-ratelimit-{family}-reset"]);
        }
    }

    [Fact]
    public void WriteHeaders_NoLimitsRepeatedWithinSecond_AllocatesNothing()
    {
        var key = Create();
        var headers = new HeaderDictionary();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        key.WriteHeaders(headers);
        _time.Advance(TimeSpan.FromMilliseconds(300));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            key.WriteHeaders(headers);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(12, headers.Count);
    }

    [Fact]
    public void WriteHeaders_OnlyRequestsLimited_TokenFamiliesNominal()
    {
        var key = Create(rpm: 50);
        Assert.True(key.TryAcquire(3_000, 8_000, out _, out _));
        var headers = new HeaderDictionary();

        key.WriteHeaders(headers);

        Assert.Equal(12, headers.Count);
        Assert.Equal("50", headers[RateLimitHeaders.RequestsLimit]);
        Assert.Equal("49", headers[RateLimitHeaders.RequestsRemaining]);
        Assert.Equal("2025-01-01T00:00:02Z", headers[RateLimitHeaders.RequestsReset]);
        Assert.Equal("1000000", headers[RateLimitHeaders.InputTokensRemaining]);
        Assert.Equal("1000000", headers[RateLimitHeaders.TokensLimit]);
        Assert.Equal("2025-01-01T00:00:00Z", headers[RateLimitHeaders.OutputTokensReset]);
    }
}
