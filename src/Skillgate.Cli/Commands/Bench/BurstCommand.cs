using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary><c>skillgate bench burst</c>: the 429 storm, naive beside Skillgate.</summary>
internal sealed class BurstCommand(IAnsiConsole console) : AsyncCommand<BurstSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BurstSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.Json)
        {
            var setup = new BurstWorkload(settings);
            console.MarkupLineInterpolated($"[grey]burst: {setup.Count:N0} requests at once, {settings.Keys} simulated key(s) at {setup.RequestsPerMinute:N0} RPM each, {settings.Tenants} tenant(s); offline simulator[/]");
            console.MarkupLineInterpolated($"[grey]{Story(setup)}[/]");
        }

        var (workload, runs, note) = await BurstScenario.RunAsync(settings, cancellationToken);
        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(ToJson(workload, runs, note));
        }
        else
        {
            console.Write(Table(workload, runs));
            if (settings.Tenants > 1)
            {
                console.Write(TenantTable(runs));
            }

            if (note is not null)
            {
                console.MarkupLineInterpolated($"[yellow]{note}[/]");
            }

            foreach (var line in Verdict(workload, runs))
            {
                console.MarkupLineInterpolated($"{line}");
            }
        }

        return 0;
    }

    /// <summary>What the limits make of this burst, before it runs.</summary>
    internal static string Story(BurstWorkload workload)
        => workload.FitsInBuckets
            ? $"The keys' full buckets hold all {workload.Count:N0} requests ({workload.BucketCapacity:N0}): nothing will be refused and both sides will look alike. Lower --rpm or raise -n to see a storm."
            : $"The keys' full buckets hold {workload.BucketCapacity:N0} of the {workload.Count:N0}; the other {workload.Count - workload.BucketCapacity:N0} must wait for the refill ({workload.BucketCapacity / 60:0.#}/s), so the limits need {workload.IdealSeconds:0.0} s for the burst.";

    /// <summary>One line per side: the storm and the cure, in words.</summary>
    internal static IEnumerable<string> Verdict(BurstWorkload workload, List<BurstRunResult> runs)
    {
        foreach (var r in runs)
        {
            var share = r.Upstream429 / (double)r.Requests;
            yield return r.FailureCount > 0
                ? $"{r.Mode}: {N(r.FailureCount)} of {N(r.Requests)} callers failed after retrying; the upstream sent {N(r.Upstream429)} 429s ({Pct(share)} of the requests); {Pct(r.GoodputShare)} of what the limits allow was served."
                : $"{r.Mode}: all {N(r.Requests)} served in {r.DurationSeconds:0.0} s ({r.Pace:0.00} of the limits' pace, {workload.IdealSeconds:0.0} s), {N(r.Upstream429)} upstream 429s ({Pct(share)}).";
        }
    }

    private static Table Table(BurstWorkload workload, List<BurstRunResult> runs)
    {
        var table = new Table().AddColumn("metric");
        foreach (var run in runs)
        {
            table.AddColumn(new TableColumn(run.Mode).RightAligned());
        }

        void Row(string name, Func<BurstRunResult, string> value) => table.AddRow([name, .. runs.Select(value)]);
        Row("requests", r => N(r.Requests));
        Row("successes", r => N(r.Successes));
        Row("failures seen by callers", r => N(r.FailureCount));
        foreach (var kind in runs.SelectMany(r => r.Failures.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            Row($"  {kind}", r => N(r.Failures.GetValueOrDefault(kind)));
        }

        Row("upstream requests", r => N(r.UpstreamRequests));
        Row("upstream 429s", r => $"{N(r.Upstream429)} ({Pct(r.Upstream429 / (double)r.Requests)})");
        Row("upstream 529s", r => N(r.Upstream529));
        Row("done after", r => $"{r.DurationSeconds:0.0} s" + (r.FailureCount > 0 ? " (gave up)" : ""));
        Row("time the limits need", _ => $"{workload.IdealSeconds:0.0} s");
        Row("pace (limits' time / run time)", r => r.FailureCount > 0 ? "-" : $"{r.Pace:0.00}");
        Row("goodput (served / what the limits allow)", r => Pct(r.GoodputShare));
        Row("queue wait p50", r => Ms(r.QueueWaitP50Ms));
        Row("queue wait p99", r => Ms(r.QueueWaitP99Ms));
        return table;
    }

    private static Table TenantTable(List<BurstRunResult> runs)
    {
        var table = new Table().AddColumns("side", "tenant", "requests", "successes", "wait p50", "wait p99", "last done");
        foreach (var run in runs)
        {
            foreach (var t in run.Tenants)
            {
                table.AddRow(run.Mode, t.Tenant, N(t.Requests), N(t.Successes), Ms(t.QueueWaitP50Ms), Ms(t.QueueWaitP99Ms), t.DoneAtSeconds is { } d ? $"{d:0.0} s" : "-");
            }
        }

        return table;
    }

    private static string ToJson(BurstWorkload workload, List<BurstRunResult> runs, string? note)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("scenario", "burst");
            w.WriteNumber("requests", workload.Count);
            w.WriteNumber("keys", workload.Keys.Count);
            w.WriteNumber("tenants", workload.Settings.Tenants);
            w.WriteStartObject("limits_per_key");
            w.WriteNumber("requests_per_minute", workload.RequestsPerMinute);
            w.WriteNumber("input_tokens_per_minute", workload.InputTokensPerMinute);
            w.WriteNumber("output_tokens_per_minute", workload.OutputTokensPerMinute);
            w.WriteEndObject();
            w.WriteString("binding_limit", "requests_per_minute");
            w.WriteBoolean("limits_configured", !workload.Settings.UnknownLimits);
            w.WriteNumber("bucket_capacity", workload.BucketCapacity);
            w.WriteNumber("ideal_s", Math.Round(workload.IdealSeconds, 3));
            foreach (var run in runs)
            {
                w.WriteStartObject(run.Mode);
                w.WriteNumber("successes", run.Successes);
                w.WriteNumber("failures", run.FailureCount);
                w.WriteStartObject("failures_by_kind");
                foreach (var (kind, count) in run.Failures.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    w.WriteNumber(kind, count);
                }

                w.WriteEndObject();
                w.WriteNumber("upstream_requests", run.UpstreamRequests);
                w.WriteNumber("upstream_429", run.Upstream429);
                w.WriteNumber("upstream_429_share", Math.Round(run.Upstream429 / (double)run.Requests, 5));
                w.WriteNumber("upstream_529", run.Upstream529);
                w.WriteNumber("duration_s", Math.Round(run.DurationSeconds, 3));
                w.WriteNumber("goodput_share", Math.Round(run.GoodputShare, 4));
                w.WriteNumber("goodput_rps", Math.Round(run.GoodputPerSecond, 2));
                w.WriteNumber("pace", Math.Round(run.Pace, 4));
                WriteMs(w, "queue_wait_p50_ms", run.QueueWaitP50Ms);
                WriteMs(w, "queue_wait_p99_ms", run.QueueWaitP99Ms);
                WriteMs(w, "queue_wait_max_ms", run.QueueWaitMaxMs);
                w.WriteStartArray("tenants");
                foreach (var t in run.Tenants)
                {
                    w.WriteStartObject();
                    w.WriteString("tenant", t.Tenant);
                    w.WriteNumber("requests", t.Requests);
                    w.WriteNumber("successes", t.Successes);
                    WriteMs(w, "queue_wait_p50_ms", t.QueueWaitP50Ms);
                    WriteMs(w, "queue_wait_p99_ms", t.QueueWaitP99Ms);
                    if (t.DoneAtSeconds is { } d)
                    {
                        w.WriteNumber("last_done_s", Math.Round(d, 3));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            if (note is not null)
            {
                w.WriteString("note", note);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteMs(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, Math.Round(v, 2));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Pct(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Ms(double? value) => value is { } v ? $"{v.ToString("0", CultureInfo.InvariantCulture)} ms" : "-";
}
