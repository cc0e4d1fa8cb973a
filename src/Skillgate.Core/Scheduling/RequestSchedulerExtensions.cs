using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>Connects the scheduler to the transport.</summary>
public static class RequestSchedulerExtensions
{
    /// <summary>
    /// Wraps the scheduler as the transport's <see cref="IUpstreamKeySource"/>: each attempt is admitted
    /// through the queue with the caller's facts carried by the <see cref="UpstreamRequest"/> (tenant, priority,
    /// deadline, pinned key) and gets a key of the transport's upstream (an unmetered request gets a key in service
    /// without reservation or queue); the attempt's outcome (usage,
    /// rate-limit headers, 429, 401/403, 529, failure) ends the lease. A rejection throws
    /// <see cref="UpstreamException"/> with the status, error type and <c>retry-after</c> to answer.
    /// </summary>
    /// <param name="scheduler">The scheduler.</param>
    /// <param name="template">
    /// Defaults for model, <c>max_tokens</c>, tenant, priority and deadline where the <see cref="UpstreamRequest"/> leaves
    /// them unset (null, or <see cref="RequestPriority.Interactive"/>); the request's own values win.
    /// </param>
    /// <param name="timeProvider">The clock used to read <c>retry-after</c> dates; <see cref="TimeProvider.System"/> when null.</param>
    public static IUpstreamKeySource AsKeySource(this IRequestScheduler scheduler, AdmissionRequest? template = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return new SchedulerKeySource(scheduler, template, timeProvider ?? TimeProvider.System);
    }
}
