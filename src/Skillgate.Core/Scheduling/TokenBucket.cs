namespace Skillgate.Scheduling;

/// <summary>
/// A continuous token bucket: <c>capacity</c> units refilled at <c>capacity</c> per minute, with no
/// timer; the level is brought up to date from the elapsed time whenever it is read.
/// </summary>
/// <remarks>
/// The level may go below zero when a finished request turns out to have used more than it reserved;
/// that debt is paid back by the refill before anything else is admitted. Not thread-safe: the
/// scheduler's lock guards it.
/// </remarks>
internal sealed class TokenBucket
{
    private static readonly double SecondsPerMinute = 60.0;

    private double _available;
    private double _lastRefill;

    public TokenBucket(double capacity, double now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _available = capacity;
        _lastRefill = now;
    }

    /// <summary>The most the bucket holds (the per-minute limit).</summary>
    public double Capacity { get; private set; }

    /// <summary>Units added per second.</summary>
    public double RatePerSecond => Capacity / SecondsPerMinute;

    /// <summary>The level at <paramref name="now"/> (seconds on the scheduler's clock).</summary>
    public double Available(double now)
    {
        Refill(now);
        return _available;
    }

    /// <summary>Takes <paramref name="amount"/> if the bucket holds it.</summary>
    public bool TryTake(double amount, double now)
    {
        Refill(now);
        if (_available + 1e-9 < amount)
        {
            return false;
        }

        _available -= amount;
        return true;
    }

    /// <summary>Adds (refund, positive) or removes (charge, negative) units; the level never exceeds the capacity.</summary>
    public void Adjust(double delta, double now)
    {
        Refill(now);
        _available = Math.Min(Capacity, _available + delta);
    }

    /// <summary>Seconds until the bucket holds <paramref name="amount"/>; infinity if it never can.</summary>
    public double SecondsUntil(double amount, double now)
    {
        if (amount > Capacity + 1e-9)
        {
            return double.PositiveInfinity;
        }

        Refill(now);
        return _available + 1e-9 >= amount ? 0 : (amount - _available) / RatePerSecond;
    }

    /// <summary>Adopts an upstream-reported limit and lowers the level to the upstream's remaining units.</summary>
    /// <remarks>
    /// Only lowers: requests admitted here after the upstream produced the header are already
    /// deducted locally but not yet upstream, so a higher remaining is not evidence of spare room.
    /// And only below the level it agrees with: the API reports whole units rounded down, so a local level
    /// less than one unit above the remaining matches it. Lowering to the integer on every answer would throw away
    /// the refill's fraction each time, and a key paced one request at a time (a multi-key burst at a few
    /// requests per second per key) would lose a visible share of its rate.
    /// </remarks>
    public void Correct(double? limit, double? remaining, double now)
    {
        Refill(now);
        if (limit is > 0 && Math.Abs(limit.Value - Capacity) > 0.5)
        {
            Capacity = limit.Value;
            _available = Math.Min(_available, Capacity);
        }

        if (remaining is { } r && r >= 0 && r + 1 <= _available)
        {
            _available = r;
        }
    }

    /// <summary>Takes the upstream's limit and remaining units as they are (the first report on a key with unknown limits).</summary>
    public void Reset(double limit, double remaining, double now)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Refill(now);
        Capacity = limit;
        _available = Math.Clamp(remaining, 0, limit);
    }

    /// <summary>Empties the bucket (used after an upstream 429 without headers).</summary>
    public void Drain(double now)
    {
        Refill(now);
        _available = Math.Min(_available, 0);
    }

    private void Refill(double now)
    {
        var elapsed = now - _lastRefill;
        if (elapsed > 0)
        {
            _available = Math.Min(Capacity, _available + elapsed * RatePerSecond);
            _lastRefill = now;
        }
    }
}
