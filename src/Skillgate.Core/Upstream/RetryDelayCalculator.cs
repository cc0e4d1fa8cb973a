namespace Skillgate.Upstream;

/// <summary>Backoff arithmetic: exponential, capped, with equal jitter; an upstream's retry-after wins when it is reasonable.</summary>
internal sealed class RetryDelayCalculator
{
    private readonly UpstreamRetryOptions _options;
    private readonly Func<double> _random;

    public RetryDelayCalculator(UpstreamRetryOptions options, Func<double>? random = null)
    {
        _options = options;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The backoff before retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan Backoff(int retry)
    {
        var exponent = Math.Clamp(retry, 0, 30);
        var raw = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, _options.MaxDelay.TotalMilliseconds);
        var jitter = Math.Clamp(_options.JitterRatio, 0, 1) * Math.Clamp(_random(), 0, 1);
        return TimeSpan.FromMilliseconds(capped * (1 - jitter));
    }

    /// <summary>
    /// The delay before retry number <paramref name="retry"/>, or null when the upstream asked for a longer wait than
    /// <see cref="UpstreamRetryOptions.MaxRetryAfter"/> (then the call should fail with that retry-after instead).
    /// </summary>
    public TimeSpan? Delay(int retry, TimeSpan? retryAfter)
    {
        if (retryAfter is not { } upstreamDelay)
        {
            return Backoff(retry);
        }

        return upstreamDelay > _options.MaxRetryAfter ? null : upstreamDelay;
    }
}
