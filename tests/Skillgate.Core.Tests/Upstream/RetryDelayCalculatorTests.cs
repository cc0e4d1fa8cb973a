using CsCheck;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class RetryDelayCalculatorTests
{
    private static readonly UpstreamRetryOptions Options = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(500),
        MaxDelay = TimeSpan.FromSeconds(8),
        JitterRatio = 0.5,
        MaxRetryAfter = TimeSpan.FromSeconds(60),
    };

    [Theory]
    [InlineData(0, 500)]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(4, 8000)]
    [InlineData(10, 8000)]
    public void Backoff_NoJitterDraw_DoublesUpToCap(int retry, double expectedMs)
    {
        var calculator = new RetryDelayCalculator(Options, () => 0);
        Assert.Equal(expectedMs, calculator.Backoff(retry).TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void Backoff_FullJitterDraw_HalvesDelay()
    {
        var calculator = new RetryDelayCalculator(Options, () => 1);
        Assert.Equal(250, calculator.Backoff(0).TotalMilliseconds, precision: 6);
        Assert.Equal(4000, calculator.Backoff(9).TotalMilliseconds, precision: 6);
    }

    [Fact]
    public void Backoff_AnyDraw_StaysWithinJitterBand() =>
        Gen.Select(Gen.Int[0, 40], Gen.Double[0, 1]).Sample((retry, draw) =>
        {
            var delay = new RetryDelayCalculator(Options, () => draw).Backoff(retry).TotalMilliseconds;
            var full = Math.Min(500 * Math.Pow(2, Math.Min(retry, 30)), 8000);
            return delay <= full + 1e-6 && delay >= (full / 2) - 1e-6;
        });

    [Fact]
    public void Delay_RetryAfterWithinCap_UsesRetryAfter()
    {
        var calculator = new RetryDelayCalculator(Options, () => 0);
        Assert.Equal(TimeSpan.FromSeconds(20), calculator.Delay(0, TimeSpan.FromSeconds(20)));
        Assert.Equal(TimeSpan.Zero, calculator.Delay(3, TimeSpan.Zero));
    }

    [Fact]
    public void Delay_RetryAfterBeyondCap_ReturnsNull()
    {
        var calculator = new RetryDelayCalculator(Options, () => 0);
        Assert.Null(calculator.Delay(0, TimeSpan.FromSeconds(61)));
    }
}
