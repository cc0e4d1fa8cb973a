namespace Skillgate.Upstream;

/// <summary>
/// Caps retries at a share of recent traffic (plus a small per-second reserve), so that a failing upstream is not
/// hit with a multiple of the real load. Counts live in ten buckets over a sliding window.
/// </summary>
internal sealed class RetryBudget
{
    private const int BucketCount = 10;

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly double _ratio;
    private readonly double _reserve;
    private readonly long _bucketTicks;
    private readonly long _origin;
    private readonly long[] _bucketIndex = new long[BucketCount];
    private readonly long[] _requests = new long[BucketCount];
    private readonly long[] _retries = new long[BucketCount];

    public RetryBudget(UpstreamRetryOptions options, TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _ratio = options.BudgetRatio;
        var window = options.BudgetWindow > TimeSpan.Zero ? options.BudgetWindow : TimeSpan.FromSeconds(10);
        _reserve = options.BudgetMinRetriesPerSecond * window.TotalSeconds;
        _bucketTicks = Math.Max(1, window.Ticks / BucketCount);
        _origin = timeProvider.GetTimestamp();
        Array.Fill(_bucketIndex, -1);
    }

    /// <summary>Counts one request (first attempts only).</summary>
    public void RecordRequest()
    {
        lock (_lock)
        {
            _requests[Current()]++;
        }
    }

    /// <summary>Takes one retry from the budget if there is room.</summary>
    public bool TryAcquireRetry()
    {
        lock (_lock)
        {
            var slot = Current();
            long requests = 0;
            long retries = 0;
            for (var i = 0; i < BucketCount; i++)
            {
                requests += _requests[i];
                retries += _retries[i];
            }

            if (retries + 1 > _reserve + (_ratio * requests))
            {
                return false;
            }

            _retries[slot]++;
            return true;
        }
    }

    private int Current()
    {
        var index = _timeProvider.GetElapsedTime(_origin).Ticks / _bucketTicks;
        var slot = (int)(index % BucketCount);
        if (_bucketIndex[slot] != index)
        {
            // Buckets not touched for a while are stale: clear every one that fell out of the window.
            for (var i = 0; i < BucketCount; i++)
            {
                if (_bucketIndex[i] <= index - BucketCount || i == slot)
                {
                    _requests[i] = 0;
                    _retries[i] = 0;
                    _bucketIndex[i] = i == slot ? index : _bucketIndex[i];
                }
            }
        }

        return slot;
    }
}
