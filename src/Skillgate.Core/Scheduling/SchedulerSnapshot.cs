namespace Skillgate.Scheduling;

/// <summary>
/// A read-only copy of the scheduler's state at one moment (<see cref="SchedulerSnapshots.TakeSnapshot"/>): per upstream
/// its adaptive concurrency, per key its buckets and health, and the waiting requests by tenant and priority. It names
/// keys by id and fingerprint, never by value.
/// </summary>
/// <param name="Upstreams">Each upstream's concurrency.</param>
/// <param name="Keys">Each key's state.</param>
/// <param name="Queue">The waiting requests, one entry per tenant and priority that has any.</param>
public sealed record SchedulerSnapshot(
    IReadOnlyList<SchedulerUpstreamSnapshot> Upstreams,
    IReadOnlyList<SchedulerKeySnapshot> Keys,
    IReadOnlyList<SchedulerQueueSnapshot> Queue);
