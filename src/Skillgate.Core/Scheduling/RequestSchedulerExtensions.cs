using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>Connects the scheduler to the transport.</summary>
public static class RequestSchedulerExtensions
{
    /// <summary>
    /// Wraps the scheduler as the transport's <see cref="IUpstreamKeySource"/>: each attempt is admitted
    /// through the queue and gets a key of the transport's upstream; the attempt's outcome (usage,
    /// rate-limit headers, 429, 401/403, 529, failure) ends the lease. A rejection throws
    /// <see cref="UpstreamException"/> with the status, error type and <c>retry-after</c> to answer.
    /// </summary>
    /// <param name="scheduler">The scheduler.</param>
    /// <param name="template">Defaults for tenant, priority and deadline; the <see cref="AdmissionContext.Current"/> of the calling flow overrides them.</param>
    /// <param name="timeProvider">The clock used to read <c>retry-after</c> dates; <see cref="TimeProvider.System"/> when null.</param>
    public static IUpstreamKeySource AsKeySource(this IRequestScheduler scheduler, AdmissionRequest? template = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        return new SchedulerKeySource(scheduler, template, timeProvider ?? TimeProvider.System);
    }
}
