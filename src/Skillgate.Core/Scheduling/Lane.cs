using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>
/// The waiters for one model, one fair queue per priority (interactive first). Waiters pinned to a key have a lane
/// of their own, so that a pinned waiter at the head never holds back waiters that other keys could serve.
/// </summary>
internal sealed class Lane
{
    private readonly FairQueue[] _levels;

    public Lane(string? upstream, string? keyFingerprint, string model)
    {
        Upstream = upstream;
        KeyFingerprint = keyFingerprint;
        Model = model;
        _levels = new FairQueue[Enum.GetValues<RequestPriority>().Length];
        for (var i = 0; i < _levels.Length; i++)
        {
            _levels[i] = new FairQueue();
        }
    }

    public string Model { get; }

    /// <summary>The upstream the lane's waiters are restricted to, or null for any.</summary>
    public string? Upstream { get; }

    /// <summary>The key the lane's waiters are pinned to, or null for any.</summary>
    public string? KeyFingerprint { get; }

    public int Count
    {
        get
        {
            var count = 0;
            foreach (var level in _levels)
            {
                count += level.Count;
            }

            return count;
        }
    }

    /// <summary>When the scheduler's timer should look at this lane again (scheduler seconds).</summary>
    public double WakeAt { get; set; } = double.PositiveInfinity;

    public IEnumerable<Waiter> Waiters => _levels.SelectMany(l => l.Tenants).SelectMany(t => t.Waiters);

    public void Enqueue(Waiter waiter, double weight) => Level(waiter).Enqueue(waiter, weight);

    public void Remove(Waiter waiter) => Level(waiter).Remove(waiter);

    public void Served(Waiter waiter) => Level(waiter).Served(waiter);

    public Waiter? Peek(double quantum)
    {
        foreach (var level in _levels)
        {
            if (level.Count > 0)
            {
                return level.Peek(quantum);
            }
        }

        return null;
    }

    /// <summary>The demand and number of waiters admitted before a new request with these properties.</summary>
    public (Demand Demand, double Count) Ahead(RequestPriority priority, string tenant, double weight, double cost)
    {
        var demand = Demand.Zero;
        double count = 0;
        for (var i = 0; i < (int)priority; i++)
        {
            demand += _levels[i].Total;
            count += _levels[i].Count;
        }

        var (d, c) = _levels[(int)priority].Ahead(tenant, weight, cost);
        return (demand + d, count + c);
    }

    /// <summary>
    /// Each waiter with the demand surely admitted before it, whatever the fair share: every higher priority's
    /// waiters and the ones ahead of it in its own tenant's queue (first in, first out), itself included.
    /// </summary>
    public IEnumerable<(Waiter Waiter, Demand Before)> SurelyAhead()
    {
        var higher = Demand.Zero;
        foreach (var level in _levels)
        {
            foreach (var tenant in level.Tenants)
            {
                var before = higher;
                foreach (var waiter in tenant.Waiters)
                {
                    before += waiter.Demand;
                    yield return (waiter, before);
                }
            }

            higher += level.Total;
        }
    }

    private FairQueue Level(Waiter waiter) => _levels[(int)waiter.Request.Priority];
}
