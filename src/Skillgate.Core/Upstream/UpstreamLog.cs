using Microsoft.Extensions.Logging;

namespace Skillgate.Upstream;

/// <summary>The transport's log messages (event ids 3000-3099). Never secrets, never prompt or answer content.</summary>
internal static partial class UpstreamLog
{
    [LoggerMessage(3000, LogLevel.Debug, "Upstream {Upstream}: attempt {Attempt} failed ({Kind}, status {Status}); retrying in {DelayMs} ms.")]
    public static partial void RetryScheduled(this ILogger logger, string upstream, int attempt, string kind, int status, double delayMs);

    [LoggerMessage(3001, LogLevel.Warning, "Upstream {Upstream}: key {KeyId} was rejected with status {Status} and is out of service.")]
    public static partial void KeyOutOfService(this ILogger logger, string upstream, string keyId, int status);

    [LoggerMessage(3002, LogLevel.Debug, "Upstream {Upstream}: key {KeyId} rate limited; cooling down for {CooldownMs} ms.")]
    public static partial void KeyCoolingDown(this ILogger logger, string upstream, string keyId, double cooldownMs);

    [LoggerMessage(3003, LogLevel.Warning, "Upstream {Upstream}: circuit opened for {BreakMs} ms ({Reason}).")]
    public static partial void CircuitOpened(this ILogger logger, string upstream, double breakMs, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Upstream {Upstream}: circuit {State}.")]
    public static partial void CircuitChanged(this ILogger logger, string upstream, string state);

    [LoggerMessage(3005, LogLevel.Warning, "Upstream {Upstream}: call failed after {Attempts} attempt(s): {Kind}, status {Status}.")]
    public static partial void CallFailed(this ILogger logger, string upstream, int attempts, string kind, int status);

    [LoggerMessage(3006, LogLevel.Warning, "Upstream {Upstream}: stream ended with an error after the first byte: {Kind}.")]
    public static partial void StreamEndedWithError(this ILogger logger, string upstream, string kind);

    [LoggerMessage(3007, LogLevel.Debug, "Upstream {Upstream}: retry refused by the retry budget.")]
    public static partial void RetryBudgetExhausted(this ILogger logger, string upstream);
}
