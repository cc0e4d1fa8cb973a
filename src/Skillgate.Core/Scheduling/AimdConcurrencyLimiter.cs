namespace Skillgate.Scheduling;

/// <summary>
/// Additive-increase/multiplicative-decrease limit on one upstream's requests in flight, lowered only
/// by 529 overloaded answers (rate limits are the buckets' business). Guarded by the scheduler's lock.
/// </summary>
internal sealed class AimdConcurrencyLimiter
{
    private readonly ConcurrencyOptions _options;
    private readonly double _decreaseInterval;
    private double _limit;
    private double _lastDecrease = double.NegativeInfinity;
    private bool _slowStart = true;

    public AimdConcurrencyLimiter(ConcurrencyOptions options)
    {
        _options = options;
        _limit = options.InitialLimit;
        _decreaseInterval = options.DecreaseInterval.TotalSeconds;
    }

    public int Limit => (int)_limit;

    public int InFlight { get; private set; }

    public bool HasCapacity => InFlight < Limit;

    public int Free => Math.Max(0, Limit - InFlight);

    /// <summary>
    /// The limit to plan waits with: in slow start (no overload seen yet) the limit is still growing
    /// and says nothing about the upstream, so the ceiling is used.
    /// </summary>
    public int PlanningLimit => _slowStart ? _options.MaxLimit : Limit;

    public void Acquire() => InFlight++;

    /// <summary>Ends one request: an overload shrinks the limit, a success grows it when the limit was in use.</summary>
    public void Release(bool success, bool overloaded, double now)
    {
        var wasInFlight = InFlight;
        InFlight = Math.Max(0, InFlight - 1);
        if (overloaded)
        {
            // One overloaded burst usually answers many requests at once; count it once per interval.
            if (now - _lastDecrease >= _decreaseInterval)
            {
                _limit = Math.Max(_options.MinLimit, _limit * _options.BackoffRatio);
                _lastDecrease = now;
                _slowStart = false;
            }
        }
        else if (success && wasInFlight * 2 >= _limit)
        {
            // Slow start (as TCP): until the first overload the limit doubles per round of requests,
            // so a burst is not held to the initial limit; afterwards it grows by one per round.
            _limit = Math.Min(_options.MaxLimit, _limit + (_slowStart ? 1.0 : 1.0 / _limit));
        }
    }
}
