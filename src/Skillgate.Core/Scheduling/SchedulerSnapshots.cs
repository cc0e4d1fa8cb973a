namespace Skillgate.Scheduling;

/// <summary>Reads the scheduler's state for operators (dashboards, diagnostics).</summary>
public static class SchedulerSnapshots
{
    /// <summary>
    /// Copies the state of a scheduler made by <see cref="RequestScheduler.Create"/> under its lock (a short hold: a
    /// few objects per key and per waiting tenant); null for another implementation of <see cref="IRequestScheduler"/>.
    /// </summary>
    /// <param name="scheduler">The scheduler.</param>
    /// <returns>The snapshot, or null.</returns>
    public static SchedulerSnapshot? TakeSnapshot(this IRequestScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return scheduler is AdmissionScheduler admission ? admission.Snapshot() : null;
    }
}
