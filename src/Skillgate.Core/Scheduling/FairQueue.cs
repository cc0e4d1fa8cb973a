namespace Skillgate.Scheduling;

/// <summary>
/// One priority level of a lane: tenants served by deficit round robin, with costs in tokens, so a
/// tenant that floods the queue gets its weighted share and no more.
/// </summary>
internal sealed class FairQueue
{
    private readonly Dictionary<string, TenantQueue> _tenants = new(StringComparer.Ordinal);
    private readonly List<TenantQueue> _ring = [];
    private int _current;

    public int Count { get; private set; }

    public Demand Total { get; private set; }

    public IEnumerable<TenantQueue> Tenants => _ring;

    public void Enqueue(Waiter waiter, double weight)
    {
        if (!_tenants.TryGetValue(waiter.Tenant, out var queue))
        {
            queue = new TenantQueue(waiter.Tenant, weight);
            _tenants[waiter.Tenant] = queue;
        }

        queue.Enqueue(waiter);
        if (!queue.InRing)
        {
            queue.InRing = true;

            // A newcomer joins just before the current tenant, so it waits at most one round.
            _ring.Insert(_current, queue);
            _current = (_current + 1) % _ring.Count;
        }

        Count++;
        Total += waiter.Demand;
    }

    public void Remove(Waiter waiter)
    {
        var queue = _tenants[waiter.Tenant];
        queue.Remove(waiter);
        Count--;
        Total = Count == 0 ? Demand.Zero : Total - waiter.Demand;
        if (queue.Count == 0)
        {
            var index = _ring.IndexOf(queue);
            _ring.RemoveAt(index);
            if (index < _current)
            {
                _current--;
            }

            if (_current >= _ring.Count)
            {
                _current = 0;
            }

            _tenants.Remove(waiter.Tenant);
        }
    }

    /// <summary>The waiter deficit round robin serves next; call <see cref="Served"/> once it is admitted.</summary>
    public Waiter? Peek(double quantum)
    {
        if (_ring.Count == 0)
        {
            return null;
        }

        var visited = 0;
        while (true)
        {
            var queue = _ring[_current];
            if (!queue.TurnStarted)
            {
                queue.Deficit += quantum * queue.Weight;
                queue.TurnStarted = true;
            }

            var head = queue.Head!;
            if (queue.Deficit + 1e-9 >= head.Demand.Cost)
            {
                return head;
            }

            queue.TurnStarted = false;
            _current = (_current + 1) % _ring.Count;
            if (++visited >= _ring.Count)
            {
                // A whole round served nobody: skip the rounds in which still nobody could be served.
                FastForward(quantum);
                visited = 0;
            }
        }
    }

    private void FastForward(double quantum)
    {
        var rounds = double.PositiveInfinity;
        foreach (var queue in _ring)
        {
            var needed = Math.Ceiling((queue.Head!.Demand.Cost - queue.Deficit) / (quantum * queue.Weight)) - 1;
            rounds = Math.Min(rounds, needed);
        }

        if (rounds >= 1)
        {
            foreach (var queue in _ring)
            {
                queue.Deficit += rounds * quantum * queue.Weight;
            }
        }
    }

    public void Served(Waiter waiter)
    {
        if (_tenants.TryGetValue(waiter.Tenant, out var queue))
        {
            queue.Deficit -= waiter.Demand.Cost;
        }

        Remove(waiter);
    }

    /// <summary>
    /// What deficit round robin will admit before a new request of <paramref name="cost"/> from
    /// <paramref name="tenant"/>: the tenant's own backlog and, of every other tenant, the share
    /// it is served while this tenant's backlog and the new request are.
    /// </summary>
    public (Demand Demand, double Count) Ahead(string tenant, double weight, double cost)
    {
        _tenants.TryGetValue(tenant, out var own);
        var ownCost = (own?.TotalCost ?? 0) + cost;
        var rounds = ownCost / weight;
        var demand = own?.Total ?? Demand.Zero;
        double count = own?.Count ?? 0;
        foreach (var queue in _ring)
        {
            if (ReferenceEquals(queue, own) || queue.TotalCost <= 0)
            {
                continue;
            }

            var share = Math.Min(1, rounds * queue.Weight / queue.TotalCost);
            demand += queue.Total * share;
            count += queue.Count * share;
        }

        return (demand, count);
    }
}
