using Microsoft.Extensions.Logging;

namespace Skillgate.Scheduling;

/// <summary>The scheduler's log messages (event ids 3200-3299). Key names only, never secrets.</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(3200, LogLevel.Warning, "Key {Key} of upstream {Upstream} has no configured limits and its upstream reports none (no anthropic-ratelimit-* headers): it runs without known limits, paced only by the upstream's 429s (cooldown, a learned request rate) and 529s (concurrency). Configure its limits to pace it ahead of refusals.")]
    public static partial void LimitsUnknown(this ILogger logger, string key, string upstream);

    [LoggerMessage(3201, LogLevel.Information, "Key {Key} ({Model}) was refused with 429 without rate-limit headers: cooling down for {CooldownMs} ms, then paced at a learned {RequestsPerMinute} requests per minute.")]
    public static partial void RequestRateLearned(this ILogger logger, string key, string model, double requestsPerMinute, double cooldownMs);
}
