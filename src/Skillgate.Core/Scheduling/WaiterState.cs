namespace Skillgate.Scheduling;

/// <summary>Where a queued request is in its life.</summary>
internal enum WaiterState
{
    Queued,
    Admitted,
    Rejected,
    Cancelled,
}
