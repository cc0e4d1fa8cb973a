namespace Skillgate.Simulator.RateLimiting;

/// <summary>A continuous token bucket: capacity = the per-minute limit, refilled at limit/60 per second.
/// Not thread-safe; <see cref="KeyState"/> guards it.</summary>
internal sealed class TokenBucket
{
    private readonly double _perTick;
    private double _tokens;
    private long _last;

    public TokenBucket(long limitPerMinute, long now, long ticksPerSecond)
    {
        Limit = limitPerMinute;
        _tokens = limitPerMinute;
        _last = now;
        _perTick = limitPerMinute / 60.0 / ticksPerSecond;
        TicksPerSecond = ticksPerSecond;
    }

    public long Limit { get; }

    public double Tokens => _tokens;

    private long TicksPerSecond { get; }

    public void Refill(long now)
    {
        if (now > _last)
        {
            _tokens = Math.Min(Limit, _tokens + ((now - _last) * _perTick));
            _last = now;
        }
    }

    public void Take(double amount) => _tokens -= amount;

    public void Give(double amount) => _tokens = Math.Min(Limit, _tokens + amount);

    /// <summary>Time until <paramref name="amount"/> tokens are available (zero if they are now).</summary>
    public TimeSpan TimeUntil(double amount)
    {
        var missing = amount - _tokens;
        return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(missing / (_perTick * TicksPerSecond));
    }

    public TimeSpan TimeUntilFull() => TimeUntil(Limit);
}
