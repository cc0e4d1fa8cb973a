namespace Skillgate.Scheduling;

/// <summary>How a request would fare in one lane: its demand, the expected wait and, if it cannot wait, why.</summary>
internal readonly record struct AdmissionPlan(Lane Lane, Demand Demand, double WaitSeconds, RejectionKind Kind)
{
    /// <summary>True when the request can be queued here and is expected to be admitted within <paramref name="maxWaitSeconds"/>.</summary>
    public bool Fits(double maxWaitSeconds)
        => Kind is RejectionKind.RateLimited or RejectionKind.Overloaded or RejectionKind.NoCapacity && WaitSeconds <= maxWaitSeconds + 1e-9;
}
