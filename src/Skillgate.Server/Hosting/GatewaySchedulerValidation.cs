using Skillgate.Scheduling;

namespace Skillgate.Server.Hosting;

/// <summary>
/// Start-up checks of <c>Scheduler</c>: the gateway's own settings here, the ones shared with the library through
/// <see cref="SchedulerOptions.Validate"/>; every message names the configuration key at fault.
/// </summary>
internal static class GatewaySchedulerValidation
{
    private const string P = GatewayOptions.SectionName + ":Scheduler";

    // The library's checks that concern settings the gateway exposes; the rest (its upstreams, retry-after and
    // quarantine durations) the gateway sets itself.
    private static readonly string[] Shared = ["KeySelection", "FairShareQuantum", "FallbackModels", "DegradationLadder"];

    public static void Validate(GatewaySchedulerOptions? scheduler, List<string> failures)
    {
        if (scheduler is null)
        {
            failures.Add($"{P} is required.");
            return;
        }

        if (scheduler.DefaultDeadline <= TimeSpan.Zero)
        {
            failures.Add($"{P}:DefaultDeadline must be positive (was {scheduler.DefaultDeadline}).");
        }

        if (scheduler.MaxQueueLength < 0)
        {
            failures.Add($"{P}:MaxQueueLength must not be negative (was {scheduler.MaxQueueLength}).");
        }

        if (scheduler.Concurrency is null)
        {
            failures.Add($"{P}:Concurrency is required.");
        }
        else
        {
            failures.AddRange(scheduler.Concurrency.Validate($"{P}:Concurrency"));
        }

        // The gateway names the steps; the library's check of each step would only repeat these.
        var ladder = scheduler.DegradationLadder ?? [];
        for (var i = 0; i < ladder.Count; i++)
        {
            if (!GatewaySchedulerOptions.TryParseStep(ladder[i], out _))
            {
                failures.Add($"{P}:DegradationLadder:{i} must be one of {string.Join(", ", Enum.GetNames<DegradationStep>())} (was '{ladder[i]}').");
            }
        }

        var library = new SchedulerOptions();
        scheduler.ApplyTo(library);
        failures.AddRange(library.Validate().Where(IsShared));
    }

    private static bool IsShared(string message) =>
        message.StartsWith(P + ":", StringComparison.Ordinal)
        && !message.StartsWith(P + ":DegradationLadder:", StringComparison.Ordinal)
        && Array.Exists(Shared, k => message.AsSpan(P.Length + 1).StartsWith(k, StringComparison.Ordinal));
}
