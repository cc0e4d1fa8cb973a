namespace Skillgate.Server.Auth;

/// <summary>A tenant's requests-per-minute quota as a token bucket (capacity one minute's worth, refilled continuously).</summary>
internal sealed class TenantQuota
{
    private readonly TimeProvider _time;
    private readonly double _capacity;
    private readonly double _perSecond;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _last;

    public TenantQuota(int requestsPerMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        _time = time;
        _capacity = requestsPerMinute;
        _perSecond = requestsPerMinute / 60.0;
        _tokens = _capacity;
        _last = time.GetTimestamp();
    }

    /// <summary>Takes one request from the bucket; when empty, says how long until one is back.</summary>
    public bool TryAcquire(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(_capacity, _tokens + (elapsed * _perSecond));
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
            return false;
        }
    }
}
