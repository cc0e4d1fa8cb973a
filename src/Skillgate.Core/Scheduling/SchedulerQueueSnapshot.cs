using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>The waiting requests of one tenant at one priority in a <see cref="SchedulerSnapshot"/>.</summary>
/// <param name="Tenant">The tenant (<c>default</c> for requests without one).</param>
/// <param name="Priority">The priority.</param>
/// <param name="Waiting">Requests waiting for admission.</param>
/// <param name="OldestWaitSeconds">How long the oldest of them has waited.</param>
public sealed record SchedulerQueueSnapshot(string Tenant, RequestPriority Priority, int Waiting, double OldestWaitSeconds);
