namespace Skillgate.Scheduling;

/// <summary>How a lease ended.</summary>
internal enum LeaseOutcome
{
    Completed,
    RateLimited,
    Overloaded,
    Unauthorized,
    Failed,
    Released,
}
