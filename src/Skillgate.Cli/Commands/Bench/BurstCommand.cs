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
            console.MarkupLineInterpolated($"[grey]burst: {settings.EffectiveRequests:N0} requests at once, {settings.Keys} simulated key(s) at {settings.RequestsPerMinute:N0} RPM each, {settings.Tenants} tenant(s); offline simulator[/]");
        }

        var (workload, runs, note) = await BurstScenario.RunAsync(settings, cancellationToken);
        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(ToJson(workload, runs, note));
        }
        else
        {
            console.Write(Table(runs));
            if (settings.Tenants > 1)
            {
                console.Write(TenantTable(runs));
            }

            if (note is not null)
            {
                console.MarkupLineInterpolated($"[yellow]{note}[/]");
            }
        }

        return 0;
    }

    private static Table Table(List<BurstRunResult> runs)
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
        Row("duration", r => $"{r.DurationSeconds:0.0} s");
        Row("goodput (share of binding limit)", r => Pct(r.GoodputShare));
        Row("goodput", r => $"{r.GoodputPerSecond:0.0} req/s");
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
            w.WriteNumber("requests_per_minute", workload.Settings.RequestsPerMinute);
            w.WriteNumber("input_tokens_per_minute", workload.InputTokensPerMinute);
            w.WriteNumber("output_tokens_per_minute", workload.OutputTokensPerMinute);
            w.WriteEndObject();
            w.WriteString("binding_limit", "requests_per_minute");
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
