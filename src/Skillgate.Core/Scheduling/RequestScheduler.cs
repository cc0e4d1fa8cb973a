using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Skillgate.Scheduling;

/// <summary>Creates the request scheduler.</summary>
public static class RequestScheduler
{
    /// <summary>Creates a scheduler over the keys in <paramref name="options"/>.</summary>
    /// <param name="options">The configuration; validated here.</param>
    /// <param name="timeProvider">The clock for buckets, cooldowns and deadlines; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the scheduler's meter; a private meter when null.</param>
    /// <param name="loggerFactory">Creates the scheduler's logger (a key without known limits, a learned rate); none when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad key.</exception>
    public static IRequestScheduler Create(SchedulerOptions options, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid scheduler options: " + string.Join(" ", errors), nameof(options));
        }

        return new AdmissionScheduler(options, timeProvider ?? TimeProvider.System, new SchedulerMetrics(meterFactory), loggerFactory?.CreateLogger(typeof(RequestScheduler).FullName!));
    }
}
