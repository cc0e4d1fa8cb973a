using System.Globalization;
using Skillgate.Runs;
using Skillgate.Runs.Pricing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Run;

/// <summary>
/// <c>skillgate run</c>: a prompt template or skill over a dataset, durable (kill it, then <c>--resume</c>), with a
/// cost estimate before the first request, a live view, a summary and an HTML report. Ctrl+C once stops admitting
/// and lets the items in flight finish; twice cancels them too. Either way the run can be resumed.
/// </summary>
internal sealed class RunCommand(IAnsiConsole console) : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var abort = new CancellationTokenSource();
        var presses = 0;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            if (Interlocked.Increment(ref presses) >= 2)
            {
                abort.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await RunAsync(settings, cancellationToken, abort.Token);
        }
        catch (RunInputException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return 2;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private async Task<int> RunAsync(RunSettings settings, CancellationToken stop, CancellationToken abort)
    {
        var prices = settings.Prices is null ? PriceTable.Default : PriceTable.Load(settings.Prices);
        await using var upstream = await RunUpstream.StartAsync(settings, stop);
        Say(upstream.Simulated
            ? $"No upstream configured and no ANTHROPIC_API_KEY: started the built-in Anthropic API simulator at {upstream.BaseAddress.ToString().TrimEnd('/')} (offline)."
            : $"Upstream: {upstream.BaseAddress.ToString().TrimEnd('/')} with {upstream.KeyCount} key(s).");
        var jobContext = new RunJobContext { Prices = prices, KeyCount = upstream.KeyCount };
        using var job = settings.Resume is { } id
            ? RunJob.Resume(id, settings.Store, upstream.Client, jobContext)
            : RunJob.Create(
                new RunOptions
                {
                    Template = settings.Template!,
                    Input = settings.Input!,
                    Output = settings.Output!,
                    Model = settings.Model,
                    MaxTokens = settings.MaxTokens,
                    Deadline = RunSettings.ParseDuration(settings.Deadline)!.Value,
                    Mode = settings.ParsedMode,
                    MaxCost = settings.MaxCost,
                    Concurrency = settings.Concurrency,
                    BatchPollInterval = RunSettings.ParseDuration(settings.BatchPoll)!.Value,
                    BatchPollMaxInterval = TimeSpan.FromSeconds(Math.Max(60, RunSettings.ParseDuration(settings.BatchPoll)!.Value.TotalSeconds)),
                },
                settings.Store,
                upstream.Client,
                jobContext);

        Say($"Run {job.Id}: {job.Template} x {job.ItemCount} item(s), model {job.Model}, mode {job.Mode.ToString().ToLowerInvariant()}, deadline {job.DeadlineAt:u}");
        Say($"  resume with: skillgate run --resume {job.Id}{(settings.Store == "skillgate-runs.db" ? "" : " --store " + settings.Store)}");
        foreach (var problem in job.Problems)
        {
            console.MarkupLineInterpolated($"[yellow]skipped[/] {problem}");
        }

        var estimate = await job.EstimateAsync(cancellationToken: stop);
        var planned = job.Mode == RunMode.Batch ? estimate.BatchCost : estimate.InteractiveCost;
        Say(string.Create(CultureInfo.InvariantCulture,
            $"Estimate: {estimate.Items} item(s) to send, ~{estimate.InputTokens:N0} input tokens (count_tokens on {estimate.SampledItems}), at most {estimate.MaxOutputTokens:N0} output tokens: at most ${estimate.InteractiveCost:F4} interactive, ${estimate.BatchCost:F4} by batch (prices as of {estimate.PricesAsOf}{(estimate.ModelPriced ? "" : "; model not in the price table")})."));
        if (settings.MaxCost is { } max && planned > max)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]error:[/] the estimate (${planned:F4}) exceeds --max-cost ${max:F4}; nothing was sent. Lower --max-tokens, use --mode batch, or raise --max-cost.");
            return 3;
        }

        var execution = job.ExecuteAsync(stop, abort);
        await ShowProgressAsync(job, execution);
        var summary = await execution;
        var report = job.OutputPath + ".html";
        job.WriteReport(report);
        PrintSummary(summary, report);
        if (summary.Stopped)
        {
            Say($"Stopped with {summary.Pending} item(s) left: skillgate run --resume {summary.RunId}");
            return 130;
        }

        return summary.Failed > 0 ? 1 : 0;
    }

    private async Task ShowProgressAsync(RunJob job, Task execution)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            await Task.WhenAny(execution);
            return;
        }

        await console.Live(new Text("starting")).StartAsync(async live =>
        {
            while (!execution.IsCompleted)
            {
                if (job.Progress is { } progress)
                {
                    live.UpdateTarget(View(progress));
                }

                await Task.WhenAny(execution, Task.Delay(250));
            }

            if (job.Progress is { } last)
            {
                live.UpdateTarget(View(last));
            }
        });
    }

    private static Table View(RunProgress p)
    {
        var elapsed = DateTimeOffset.UtcNow - p.StartedAt;
        var finishedNow = p.Done + p.Failed - p.FinishedBefore;
        var rate = elapsed.TotalSeconds > 0 ? p.Requests / elapsed.TotalSeconds : 0;
        var eta = finishedNow > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds / finishedNow * p.Pending) : (TimeSpan?)null;
        var table = new Table().AddColumns("done", "failed", "pending", "in flight", "in batch", "tokens in/out", "cost", "req/s", "ETA", "mode");
        table.AddRow(
            p.Done.ToString(CultureInfo.InvariantCulture), p.Failed.ToString(CultureInfo.InvariantCulture), p.Pending.ToString(CultureInfo.InvariantCulture),
            p.InFlight.ToString(CultureInfo.InvariantCulture), p.Batched.ToString(CultureInfo.InvariantCulture),
            $"{p.InputTokens:N0}/{p.OutputTokens:N0}", $"${p.Cost:F4}", rate.ToString("F1", CultureInfo.InvariantCulture),
            eta is { } e ? e.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "-", p.Mode);
        return table;
    }

    private void PrintSummary(RunSummary s, string report)
    {
        var table = new Table().AddColumns("items", "done", "failed", "pending", "input tokens", "output tokens", "cost", "by batch", "batch saving", "time");
        table.AddRow(
            s.Total.ToString(CultureInfo.InvariantCulture), s.Done.ToString(CultureInfo.InvariantCulture), s.Failed.ToString(CultureInfo.InvariantCulture),
            s.Pending.ToString(CultureInfo.InvariantCulture), s.InputTokens.ToString("N0", CultureInfo.InvariantCulture), s.OutputTokens.ToString("N0", CultureInfo.InvariantCulture),
            s.Cost.ToString("$0.0000", CultureInfo.InvariantCulture), s.BatchItems.ToString(CultureInfo.InvariantCulture), s.BatchSaving.ToString("$0.0000", CultureInfo.InvariantCulture),
            s.Elapsed.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
        console.Write(table);
        Say($"Output: {s.OutputPath}");
        Say($"Report: {report}");
    }

    private void Say(string line) => console.Profile.Out.Writer.WriteLine(line);
}
