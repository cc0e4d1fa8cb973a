namespace Skillgate.Scheduling;

/// <summary>One tenant's waiters at one priority in one lane, with the totals the wait estimate needs.</summary>
internal sealed class TenantQueue
{
    private readonly LinkedList<Waiter> _waiters = new();

    public TenantQueue(string tenant, double weight)
    {
        Tenant = tenant;
        Weight = weight;
    }

    public string Tenant { get; }

    public double Weight { get; }

    /// <summary>Deficit round robin's credit, in tokens.</summary>
    public double Deficit { get; set; }

    /// <summary>Whether this tenant already got its quantum in the current turn.</summary>
    public bool TurnStarted { get; set; }

    public bool InRing { get; set; }

    public int Count => _waiters.Count;

    public Demand Total { get; private set; }

    public double TotalCost { get; private set; }

    public Waiter? Head => _waiters.First?.Value;

    public void Enqueue(Waiter waiter)
    {
        _waiters.AddLast(waiter.Node);
        Total += waiter.Demand;
        TotalCost += waiter.Demand.Cost;
    }

    public void Remove(Waiter waiter)
    {
        _waiters.Remove(waiter.Node);
        Total -= waiter.Demand;
        TotalCost -= waiter.Demand.Cost;
        if (_waiters.Count == 0)
        {
            Total = Demand.Zero;
            TotalCost = 0;
        }
    }

    public IEnumerable<Waiter> Waiters => _waiters;
}
