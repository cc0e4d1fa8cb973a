using Skillgate.Protocol;

namespace Skillgate.Scheduling;

/// <summary>
/// The three buckets (RPM, ITPM, OTPM) of one key for one model. Each dimension is either <em>enforced</em> (its limit
/// was configured, reported in <c>anthropic-ratelimit-*</c> headers, or learned from a 429) or unknown: an unknown
/// dimension admits without limit. A key with unknown limits sends one probe request at a time until its first
/// answer; that answer's headers set the limits they report (<see cref="EndProbe"/>), and without headers every
/// dimension stays unknown: the key is then paced only by evidence (429s cool it and teach a request rate, 529s shrink
/// the upstream's concurrency), never by invented limits.
/// </summary>
internal sealed class BucketSet
{
    // A learned request rate is grown by this factor per minute without a 429 (it was a guess from one refusal).
    private const double LearnedGrowthPerMinute = 1.1;

    // A 429 without headers sets the learned rate to this share of the requests accepted in the minute before it.
    private const double LearnedBackoff = 0.9;

    // A later 429 (a second or more after the previous one) multiplies the learned rate by this.
    private const double LearnedDecrease = 0.7;

    private readonly SentWindow _sent = new();
    private bool _requestsKnown;
    private bool _inputKnown;
    private bool _outputKnown;
    private double _learnedSince = double.NaN;
    private double _lastRefusal = double.NegativeInfinity;

    public BucketSet(RateLimitOptions limits, double now, bool limitsKnown = true)
    {
        Requests = new TokenBucket(limits.RequestsPerMinute, now);
        InputTokens = new TokenBucket(limits.InputTokensPerMinute, now);
        OutputTokens = new TokenBucket(limits.OutputTokensPerMinute, now);
        _requestsKnown = _inputKnown = _outputKnown = limitsKnown;
        Answered = limitsKnown;
    }

    /// <summary>True when at least one limit is enforced (configured, reported or learned).</summary>
    public bool LimitsKnown => _requestsKnown || _inputKnown || _outputKnown;

    /// <summary>False until the first answer of a set with unknown limits (the probe's) has come back.</summary>
    public bool Answered { get; private set; }

    /// <summary>True when the request rate was learned from a 429 without headers rather than reported or configured.</summary>
    public bool RequestsLearned => !double.IsNaN(_learnedSince);

    /// <summary>True while the probe request of a set with unknown limits is out.</summary>
    public bool Probing { get; set; }

    public TokenBucket Requests { get; }

    public TokenBucket InputTokens { get; }

    public TokenBucket OutputTokens { get; }

    /// <summary>True when full buckets could hold <paramref name="demand"/>; unknown dimensions hold anything.</summary>
    public bool CanEverFit(Demand demand)
        => (!_requestsKnown || demand.Requests <= Requests.Capacity)
            && (!_inputKnown || demand.InputTokens <= InputTokens.Capacity)
            && (!_outputKnown || demand.OutputTokens <= OutputTokens.Capacity);

    /// <summary>Takes all three parts of <paramref name="demand"/>, or nothing.</summary>
    /// <remarks>Before the first answer nothing is taken: the request becomes the probe.</remarks>
    public bool TryReserve(Demand demand, double now)
    {
        if (SecondsUntil(demand, now) > 0)
        {
            return false;
        }

        if (!Answered)
        {
            Probing = true;
            return true;
        }

        _sent.Add(now);
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

    /// <summary>
    /// Seconds until the enforced buckets hold <paramref name="demand"/>; before the first answer 0, or infinity while
    /// the probe is out.
    /// </summary>
    public double SecondsUntil(Demand demand, double now)
    {
        if (!Answered)
        {
            return Probing ? double.PositiveInfinity : 0;
        }

        Grow(now);
        var wait = _requestsKnown ? Requests.SecondsUntil(demand.Requests, now) : 0;
        wait = _inputKnown ? Math.Max(wait, InputTokens.SecondsUntil(demand.InputTokens, now)) : wait;
        return _outputKnown ? Math.Max(wait, OutputTokens.SecondsUntil(demand.OutputTokens, now)) : wait;
    }

    /// <summary>The smallest remaining share (0..1) over the enforced buckets after taking <paramref name="demand"/>; 1 when none is.</summary>
    public double Headroom(Demand demand, double now)
    {
        var share = 1.0;
        share = _requestsKnown ? Math.Min(share, (Requests.Available(now) - demand.Requests) / Requests.Capacity) : share;
        share = _inputKnown ? Math.Min(share, (InputTokens.Available(now) - demand.InputTokens) / InputTokens.Capacity) : share;
        return _outputKnown ? Math.Min(share, (OutputTokens.Available(now) - demand.OutputTokens) / OutputTokens.Capacity) : share;
    }

    /// <summary>The levels of the enforced buckets; an unknown dimension is unlimited (infinity).</summary>
    public Demand Available(double now)
        => new(
            _requestsKnown ? Requests.Available(now) : double.PositiveInfinity,
            _inputKnown ? InputTokens.Available(now) : double.PositiveInfinity,
            _outputKnown ? OutputTokens.Available(now) : double.PositiveInfinity);

    /// <summary>The refill rates of the enforced buckets; an unknown dimension refills nothing (it never runs out).</summary>
    public Demand RatePerSecond
        => new(
            _requestsKnown ? Requests.RatePerSecond : 0,
            _inputKnown ? InputTokens.RatePerSecond : 0,
            _outputKnown ? OutputTokens.RatePerSecond : 0);

    /// <summary>The capacities of the enforced buckets; an unknown dimension is unlimited (infinity).</summary>
    public Demand Capacity
        => new(
            _requestsKnown ? Requests.Capacity : double.PositiveInfinity,
            _inputKnown ? InputTokens.Capacity : double.PositiveInfinity,
            _outputKnown ? OutputTokens.Capacity : double.PositiveInfinity);

    /// <summary>
    /// Corrects the buckets from an answer's headers: an enforced dimension adopts a different limit and a lower
    /// remaining; a dimension whose limit was unknown (or only learned) takes the reported limit as it is. Returns true
    /// when some unknown dimension became known.
    /// </summary>
    public bool Correct(RateLimitSnapshot snapshot, double now)
    {
        if (!Answered)
        {
            return false;
        }

        var learnedRequests = RequestsLearned && snapshot.Requests is { Limit: > 0 };
        if (learnedRequests)
        {
            // The upstream reports the real request limit: it replaces the one guessed from a refusal.
            _requestsKnown = false;
            _learnedSince = double.NaN;
        }

        var learned = Correct(Requests, snapshot.Requests, ref _requestsKnown, now)
            | Correct(InputTokens, snapshot.InputTokens, ref _inputKnown, now)
            | Correct(OutputTokens, snapshot.OutputTokens, ref _outputKnown, now);
        return learned && !learnedRequests;
    }

    /// <summary>
    /// Ends the probe of a set with unknown limits. <paramref name="answered"/>: the upstream answered (success, 429
    /// or 529 with headers), so the limits its headers report are set and the others stay unknown for good (until
    /// headers show them); otherwise (a timeout, a 5xx, a request never sent) the next request probes again. Returns
    /// true when headers set some limit.
    /// </summary>
    public bool EndProbe(bool answered, RateLimitSnapshot? snapshot, double now)
    {
        Probing = false;
        if (!answered)
        {
            return false;
        }

        Answered = true;
        return Learn(Requests, snapshot?.Requests, ref _requestsKnown, now)
            | Learn(InputTokens, snapshot?.InputTokens, ref _inputKnown, now)
            | Learn(OutputTokens, snapshot?.OutputTokens, ref _outputKnown, now);
    }

    /// <summary>
    /// An upstream 429 without rate-limit headers. An enforced request limit is drained (the upstream says it is
    /// spent). An unknown one is learned: <see cref="LearnedBackoff"/> of the requests the upstream accepted on this set
    /// in the last minute, at least one, starting empty. A learned one shrinks by <see cref="LearnedDecrease"/> on a
    /// refusal at least a second after the previous one (the refusals of one burst count once). Returns the learned
    /// requests per minute when it was set or lowered, else null.
    /// </summary>
    public double? Refused(double now)
    {
        if (!Answered)
        {
            return null;
        }

        _sent.Add(now, -1);
        double? learned = null;
        if (!_requestsKnown)
        {
            learned = Math.Max(1, Math.Floor(_sent.Count(now) * LearnedBackoff));
        }
        else if (RequestsLearned && now - _lastRefusal >= 1)
        {
            learned = Math.Max(1, Math.Floor(Math.Min(Requests.Capacity * LearnedDecrease, _sent.Count(now) * LearnedBackoff)));
        }

        if (learned is { } rate)
        {
            Requests.Reset(rate, 0, now);
            _requestsKnown = true;
        }

        if (RequestsLearned || learned is not null)
        {
            _learnedSince = now;
            _lastRefusal = now;
        }

        Drain(now);
        return learned;
    }

    public void Drain(double now)
    {
        if (_requestsKnown)
        {
            Requests.Drain(now);
        }

        if (_inputKnown)
        {
            InputTokens.Drain(now);
        }

        if (_outputKnown)
        {
            OutputTokens.Drain(now);
        }
    }

    // A learned rate grows while no 429 contradicts it, so one refusal (perhaps caused by another client of the key)
    // does not hold the key low for good.
    private void Grow(double now)
    {
        if (RequestsLearned && now - _learnedSince >= 60)
        {
            var minutes = Math.Floor((now - _learnedSince) / 60);
            Requests.Correct(Requests.Capacity * Math.Pow(LearnedGrowthPerMinute, minutes), null, now);
            _learnedSince += minutes * 60;
        }
    }

    private static bool Learn(TokenBucket bucket, RateLimitValue? value, ref bool known, double now)
    {
        if (value is not { Limit: > 0 } v)
        {
            return false;
        }

        bucket.Reset(v.Limit, v.Remaining, now);
        known = true;
        return true;
    }

    private static bool Correct(TokenBucket bucket, RateLimitValue? value, ref bool known, double now)
    {
        if (value is not { } v)
        {
            return false;
        }

        if (!known)
        {
            return Learn(bucket, v, ref known, now);
        }

        bucket.Correct(v.Limit, v.Remaining, now);
        return false;
    }
}
