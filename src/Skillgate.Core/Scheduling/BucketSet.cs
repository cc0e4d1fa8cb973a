using Skillgate.Protocol;

namespace Skillgate.Scheduling;

/// <summary>The three buckets (RPM, ITPM, OTPM) of one key for one model.</summary>
internal sealed class BucketSet
{
    public BucketSet(RateLimitOptions limits, double now)
    {
        Requests = new TokenBucket(limits.RequestsPerMinute, now);
        InputTokens = new TokenBucket(limits.InputTokensPerMinute, now);
        OutputTokens = new TokenBucket(limits.OutputTokensPerMinute, now);
    }

    public TokenBucket Requests { get; }

    public TokenBucket InputTokens { get; }

    public TokenBucket OutputTokens { get; }

    public bool CanEverFit(Demand demand)
        => demand.Requests <= Requests.Capacity
            && demand.InputTokens <= InputTokens.Capacity
            && demand.OutputTokens <= OutputTokens.Capacity;

    /// <summary>Takes all three parts of <paramref name="demand"/>, or nothing.</summary>
    public bool TryReserve(Demand demand, double now)
    {
        if (SecondsUntil(demand, now) > 0)
        {
            return false;
        }

        Requests.TryTake(demand.Requests, now);
        InputTokens.TryTake(demand.InputTokens, now);
        OutputTokens.TryTake(demand.OutputTokens, now);
        return true;
    }

    /// <summary>Gives back (positive) or charges (negative) a difference per dimension.</summary>
    public void Adjust(Demand delta, double now)
    {
        Requests.Adjust(delta.Requests, now);
        InputTokens.Adjust(delta.InputTokens, now);
        OutputTokens.Adjust(delta.OutputTokens, now);
    }

    /// <summary>Seconds until all three buckets hold <paramref name="demand"/>.</summary>
    public double SecondsUntil(Demand demand, double now)
        => Math.Max(
            Requests.SecondsUntil(demand.Requests, now),
            Math.Max(InputTokens.SecondsUntil(demand.InputTokens, now), OutputTokens.SecondsUntil(demand.OutputTokens, now)));

    /// <summary>The smallest remaining share (0..1) over the three buckets after taking <paramref name="demand"/>.</summary>
    public double Headroom(Demand demand, double now)
        => Math.Min(
            (Requests.Available(now) - demand.Requests) / Requests.Capacity,
            Math.Min(
                (InputTokens.Available(now) - demand.InputTokens) / InputTokens.Capacity,
                (OutputTokens.Available(now) - demand.OutputTokens) / OutputTokens.Capacity));

    public Demand Available(double now)
        => new(Requests.Available(now), InputTokens.Available(now), OutputTokens.Available(now));

    public Demand RatePerSecond
        => new(Requests.RatePerSecond, InputTokens.RatePerSecond, OutputTokens.RatePerSecond);

    public Demand Capacity => new(Requests.Capacity, InputTokens.Capacity, OutputTokens.Capacity);

    public void Correct(RateLimitSnapshot snapshot, double now)
    {
        Correct(Requests, snapshot.Requests, now);
        Correct(InputTokens, snapshot.InputTokens, now);
        Correct(OutputTokens, snapshot.OutputTokens, now);
    }

    public void Drain(double now)
    {
        Requests.Drain(now);
        InputTokens.Drain(now);
        OutputTokens.Drain(now);
    }

    private static void Correct(TokenBucket bucket, RateLimitValue? value, double now)
    {
        if (value is { } v)
        {
            bucket.Correct(v.Limit, v.Remaining, now);
        }
    }
}
