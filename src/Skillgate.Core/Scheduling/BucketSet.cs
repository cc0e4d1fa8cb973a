using Skillgate.Protocol;

namespace Skillgate.Scheduling;

/// <summary>
/// The three buckets (RPM, ITPM, OTPM) of one key for one model. With unknown limits the buckets hold the fallback
/// limits but admit nothing by them: one probe request at a time goes out until a response reports the real limits
/// (<see cref="Learn"/>) or a response without rate-limit headers makes the fallback the limits.
/// </summary>
internal sealed class BucketSet
{
    public BucketSet(RateLimitOptions limits, double now, bool limitsKnown = true)
    {
        Requests = new TokenBucket(limits.RequestsPerMinute, now);
        InputTokens = new TokenBucket(limits.InputTokensPerMinute, now);
        OutputTokens = new TokenBucket(limits.OutputTokensPerMinute, now);
        LimitsKnown = limitsKnown;
    }

    /// <summary>False until a response has reported the limits (or shown that none will be reported).</summary>
    public bool LimitsKnown { get; private set; }

    /// <summary>True while the probe request of a set with unknown limits is out.</summary>
    public bool Probing { get; set; }

    public TokenBucket Requests { get; }

    public TokenBucket InputTokens { get; }

    public TokenBucket OutputTokens { get; }

    /// <summary>True when full buckets could hold <paramref name="demand"/>; always while the limits are unknown.</summary>
    public bool CanEverFit(Demand demand)
        => !LimitsKnown || demand.Requests <= Requests.Capacity
            && demand.InputTokens <= InputTokens.Capacity
            && demand.OutputTokens <= OutputTokens.Capacity;

    /// <summary>Takes all three parts of <paramref name="demand"/>, or nothing.</summary>
    /// <remarks>While the limits are unknown nothing is taken: the request becomes the probe.</remarks>
    public bool TryReserve(Demand demand, double now)
    {
        if (SecondsUntil(demand, now) > 0)
        {
            return false;
        }

        if (!LimitsKnown)
        {
            Probing = true;
            return true;
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

    /// <summary>Seconds until all three buckets hold <paramref name="demand"/>; with unknown limits 0, or infinity while the probe is out.</summary>
    public double SecondsUntil(Demand demand, double now)
        => !LimitsKnown ? (Probing ? double.PositiveInfinity : 0)
        : Math.Max(
            Requests.SecondsUntil(demand.Requests, now),
            Math.Max(InputTokens.SecondsUntil(demand.InputTokens, now), OutputTokens.SecondsUntil(demand.OutputTokens, now)));

    /// <summary>The smallest remaining share (0..1) over the three buckets after taking <paramref name="demand"/>.</summary>
    public double Headroom(Demand demand, double now)
        => !LimitsKnown ? 1
        : Math.Min(
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

    /// <summary>
    /// Ends the probe of a set with unknown limits. <paramref name="answered"/>: the upstream answered (success, 429
    /// or 529), so its headers, or their absence, settle the limits; otherwise (a timeout, a 5xx, a request never
    /// sent) the limits stay unknown and the next request probes again. Returns true when headers set the limits.
    /// </summary>
    public bool EndProbe(bool answered, RateLimitSnapshot? snapshot, Demand used, double now)
    {
        Probing = false;
        if (!answered)
        {
            return false;
        }

        LimitsKnown = true;
        var any = Learn(Requests, snapshot?.Requests, now) | Learn(InputTokens, snapshot?.InputTokens, now) | Learn(OutputTokens, snapshot?.OutputTokens, now);
        if (!any)
        {
            // No rate-limit headers (a proxy stripped them): the fallback limits hold from here, less what the probe used.
            Adjust(used * -1, now);
        }

        return any;
    }

    public void Drain(double now)
    {
        Requests.Drain(now);
        InputTokens.Drain(now);
        OutputTokens.Drain(now);
    }

    private static bool Learn(TokenBucket bucket, RateLimitValue? value, double now)
    {
        if (value is not { Limit: > 0 } v)
        {
            return false;
        }

        bucket.Reset(v.Limit, v.Remaining, now);
        return true;
    }

    private static void Correct(TokenBucket bucket, RateLimitValue? value, double now)
    {
        if (value is { } v)
        {
            bucket.Correct(v.Limit, v.Remaining, now);
        }
    }
}
