namespace Skillgate.Scheduling;

/// <summary>One upstream's adaptive concurrency in a <see cref="SchedulerSnapshot"/>.</summary>
/// <param name="Name">The upstream's name.</param>
/// <param name="ConcurrencyLimit">The current adaptive (AIMD) limit of requests in flight.</param>
/// <param name="InFlight">Requests in flight now.</param>
public sealed record SchedulerUpstreamSnapshot(string Name, int ConcurrencyLimit, int InFlight);
