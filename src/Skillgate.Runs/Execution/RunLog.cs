using Microsoft.Extensions.Logging;

namespace Skillgate.Runs.Execution;

/// <summary>The runs' log messages (event ids 7000-7099). Never prompt or answer content.</summary>
internal static partial class RunLog
{
    [LoggerMessage(7000, LogLevel.Information, "Run {RunId}: {Recovered} item(s) in flight at the last stop go back to pending.")]
    public static partial void Recovered(this ILogger logger, string runId, int recovered);

    [LoggerMessage(7001, LogLevel.Information, "Run {RunId}: submitted batch {BatchId} with {Count} request(s).")]
    public static partial void BatchSubmitted(this ILogger logger, string runId, string batchId, int count);

    [LoggerMessage(7002, LogLevel.Information, "Run {RunId}: batch {BatchId} ended: {Succeeded} succeeded, {Retried} to retry interactively, {Failed} failed.")]
    public static partial void BatchMerged(this ILogger logger, string runId, string batchId, int succeeded, int retried, int failed);

    [LoggerMessage(7003, LogLevel.Information, "Run {RunId}: auto mode: {Interactive} item(s) fit the deadline interactively at {PerMinute:F0}/min; {Batched} go by batch.")]
    public static partial void AutoSplit(this ILogger logger, string runId, int interactive, double perMinute, int batched);

    [LoggerMessage(7004, LogLevel.Warning, "Run {RunId}: polling batch {BatchId} failed ({Error}); retrying.")]
    public static partial void PollFailed(this ILogger logger, string runId, string batchId, string error);
}
