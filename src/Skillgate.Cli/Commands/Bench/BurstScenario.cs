namespace Skillgate.Cli.Commands.Bench;

/// <summary>Runs the burst both ways against fresh simulators (full buckets each time).</summary>
internal static class BurstScenario
{
    /// <summary>More concurrent requests than this would need too many sockets for the naive side (one connection each).</summary>
    public const int NaiveMaxRequests = 6000;

    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(4);

    public static async Task<(BurstWorkload Workload, List<BurstRunResult> Runs, string? Note)> RunAsync(BurstSettings settings, CancellationToken cancellationToken)
    {
        var workload = new BurstWorkload(settings);
        var runs = new List<BurstRunResult>();
        string? note = null;
        if (settings.Mode is "both" or "naive")
        {
            if (workload.Count <= NaiveMaxRequests || settings.Mode == "naive")
            {
                runs.Add(await WithLimitAsync(ct => NaiveBurst.RunAsync(workload, ct), cancellationToken));
            }
            else
            {
                note = $"naive side skipped: {workload.Count:N0} requests at once need that many sockets (limit {NaiveMaxRequests:N0}); use --mode naive to force it";
            }
        }

        if (settings.Mode is "both" or "skillgate")
        {
            runs.Add(await WithLimitAsync(ct => SkillgateBurst.RunAsync(workload, ct), cancellationToken));
        }

        return (workload, runs, note);
    }

    private static async Task<BurstRunResult> WithLimitAsync(Func<CancellationToken, Task<BurstRunResult>> run, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(RunLimit);
        return await run(cts.Token);
    }
}
