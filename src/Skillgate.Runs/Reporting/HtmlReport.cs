using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Skillgate.Runs.Storage;

namespace Skillgate.Runs.Reporting;

/// <summary>
/// A self-contained HTML page (inline CSS and SVG, no scripts, no server): totals, latency histogram, tokens and
/// cost by model, errors grouped by cause, which items went by batch, and every item's status.
/// </summary>
internal static class HtmlReport
{
    public static string Render(RunSpec spec, RunSummary summary, IReadOnlyList<StoredItem> items, string pricesAsOf)
    {
        var rows = new List<(StoredItem Item, JsonElement? Line)>();
        var documents = new List<JsonDocument>();
        foreach (var item in items)
        {
            if (item.Result is null)
            {
                rows.Add((item, null));
                continue;
            }

            var document = JsonDocument.Parse(item.Result);
            documents.Add(document);
            rows.Add((item, document.RootElement));
        }

        try
        {
            var html = new StringBuilder();
            html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Skillgate run ").Append(E(spec.Id)).Append("</title><style>")
                .Append("body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .Append(".done{color:#080}.failed{color:#b00}.pending{color:#888}h2{margin-top:1.5em}.bar{fill:#4a7bd0}</style></head><body>");
            html.Append("<h1>Run ").Append(E(spec.Id)).Append("</h1><p>").Append(E(spec.Template)).Append(" &times; ").Append(E(spec.Input))
                .Append(" &rarr; ").Append(E(spec.Output)).Append("<br>model ").Append(E(spec.Model)).Append(", mode ").Append(E(spec.Mode.ToString().ToLowerInvariant()))
                .Append(", created ").Append(E(spec.CreatedAt.ToString("u", CultureInfo.InvariantCulture))).Append("</p>");
            html.Append("<table><tr><th>items</th><th>done</th><th>failed</th><th>pending</th><th>input tokens</th><th>output tokens</th><th>cost (USD)</th><th>by batch</th><th>batch saving (USD)</th></tr><tr>")
                .Append(Td(summary.Total)).Append(Td(summary.Done)).Append(Td(summary.Failed)).Append(Td(summary.Pending)).Append(Td(summary.InputTokens)).Append(Td(summary.OutputTokens))
                .Append(Td(summary.Cost.ToString("F4", CultureInfo.InvariantCulture))).Append(Td(summary.BatchItems)).Append(Td(summary.BatchSaving.ToString("F4", CultureInfo.InvariantCulture)))
                .Append("</tr></table><p>Prices as of ").Append(E(pricesAsOf)).Append(".</p>");
            if (spec.Problems.Count > 0)
            {
                html.Append("<h2>Skipped input rows</h2><ul>");
                foreach (var problem in spec.Problems)
                {
                    html.Append("<li>").Append(E(problem)).Append("</li>");
                }

                html.Append("</ul>");
            }

            Histogram(html, rows.Where(r => r.Line is { } l && l.GetProperty("mode").ValueEquals("interactive")).Select(r => r.Line!.Value.GetProperty("latency_ms").GetDouble()).ToList());

            html.Append("<h2>Tokens and cost by model and mode</h2><table><tr><th>model</th><th>mode</th><th>items</th><th>input tokens</th><th>output tokens</th><th>cost (USD)</th></tr>");
            foreach (var group in rows.Where(r => r.Line is not null).GroupBy(r => (Model: r.Line!.Value.GetProperty("model").GetString(), Mode: r.Line!.Value.GetProperty("mode").GetString())))
            {
                html.Append("<tr>").Append(Td(group.Key.Model)).Append(Td(group.Key.Mode)).Append(Td(group.Count()))
                    .Append(Td(group.Sum(r => r.Line!.Value.GetProperty("usage").GetProperty("input_tokens").GetInt64())))
                    .Append(Td(group.Sum(r => r.Line!.Value.GetProperty("usage").GetProperty("output_tokens").GetInt64())))
                    .Append(Td(group.Sum(r => r.Line!.Value.GetProperty("cost_usd").GetDecimal()).ToString("F4", CultureInfo.InvariantCulture))).Append("</tr>");
            }

            html.Append("</table><h2>Errors by cause</h2>");
            var errors = rows.Where(r => r.Line is { } l && l.GetProperty("status").ValueEquals("failed"))
                .GroupBy(r => r.Line!.Value.GetProperty("error").GetProperty("type").GetString() ?? "unknown").ToList();
            if (errors.Count == 0)
            {
                html.Append("<p>None.</p>");
            }
            else
            {
                html.Append("<table><tr><th>cause</th><th>items</th><th>example</th></tr>");
                foreach (var group in errors.OrderByDescending(g => g.Count()))
                {
                    html.Append("<tr>").Append(Td(group.Key)).Append(Td(group.Count()))
                        .Append(Td(group.First().Line!.Value.GetProperty("error").GetProperty("message").GetString())).Append("</tr>");
                }

                html.Append("</table>");
            }

            html.Append("<h2>Items</h2><table><tr><th>id</th><th>status</th><th>mode</th><th>batch</th><th>attempts</th><th>latency (ms)</th><th>tokens in/out</th></tr>");
            foreach (var (item, line) in rows)
            {
                var status = line is { } l ? l.GetProperty("status").GetString()! : item.Status == RunItemStatus.Batched ? "in batch" : "pending";
                html.Append("<tr class=\"").Append(status == "done" ? "done" : status == "failed" ? "failed" : "pending").Append("\">").Append(Td(item.ItemId)).Append(Td(status))
                    .Append(Td(line?.GetProperty("mode").GetString() ?? item.Mode)).Append(Td(line is { } b && b.TryGetProperty("batch_id", out var id) ? id.GetString() : item.BatchId))
                    .Append(Td(item.Attempts)).Append(Td(line?.GetProperty("latency_ms").GetDouble().ToString("F0", CultureInfo.InvariantCulture)))
                    .Append(Td(line is { } u ? $"{u.GetProperty("usage").GetProperty("input_tokens").GetInt64()}/{u.GetProperty("usage").GetProperty("output_tokens").GetInt64()}" : ""))
                    .Append("</tr>");
            }

            html.Append("</table></body></html>");
            return html.ToString();
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    private static void Histogram(StringBuilder html, List<double> latencies)
    {
        html.Append("<h2>Latency of interactive items</h2>");
        if (latencies.Count == 0)
        {
            html.Append("<p>No interactive items.</p>");
            return;
        }

        latencies.Sort();
        const int Buckets = 20;
        var max = Math.Max(1, latencies[^1]);
        var counts = new int[Buckets];
        foreach (var latency in latencies)
        {
            counts[Math.Min(Buckets - 1, (int)(latency / max * Buckets))]++;
        }

        var top = counts.Max();
        html.Append(CultureInfo.InvariantCulture, $"<p>p50 {Percentile(latencies, 0.5):F0} ms, p90 {Percentile(latencies, 0.9):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {max:F0} ms</p>");
        html.Append("<svg width=\"620\" height=\"150\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (var i = 0; i < Buckets; i++)
        {
            var height = top == 0 ? 0 : 120.0 * counts[i] / top;
            html.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{10 + (i * 30)}\" y=\"{125 - height:F1}\" width=\"26\" height=\"{height:F1}\"><title>{max * i / Buckets:F0}-{max * (i + 1) / Buckets:F0} ms: {counts[i]}</title></rect>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"143\" font-size=\"11\">0 ms</text><text x=\"560\" y=\"143\" font-size=\"11\">{max:F0} ms</text></svg>");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static string Td(object? value) => "<td>" + E(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "") + "</td>";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
