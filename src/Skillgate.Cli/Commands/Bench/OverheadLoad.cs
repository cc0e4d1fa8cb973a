using System.Diagnostics;
using System.Globalization;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Load for the overhead scenario: open-loop at a fixed rate, or closed-loop as fast as it goes.</summary>
internal static class OverheadLoad
{
    public sealed record Phase(string Target, string Mode, int Requests, double AchievedRate, double P50Ms, double P99Ms, double HeaderP50Ms, double HeaderP99Ms, int Errors)
    {
        /// <summary>Answers with status 429 (from the gateway or the upstream).</summary>
        public int RateLimited { get; init; }
    }

    public static async Task<Phase> FixedRateAsync(HttpMessageInvoker client, string target, Uri uri, byte[] body, bool streaming, int rate, int count, CancellationToken ct)
    {
        var latencies = new long[count];
        var overheads = new List<double>(count);
        var errors = 0;
        var limited = 0;
        var tasks = new Task[count];
        var interval = Stopwatch.Frequency / (double)rate;
        var twoMs = Stopwatch.Frequency / 500;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * interval);
            long remaining;
            while ((remaining = due - Stopwatch.GetTimestamp()) > 0)
            {
                if (remaining > twoMs)
                {
                    await Task.Delay(1, ct);
                }
                else
                {
                    Thread.Yield();
                }
            }

            var index = i;
            tasks[i] = Task.Run(async () =>
            {
                var (ticks, overhead, status) = await SendAsync(client, uri, body, ct);
                latencies[index] = ticks;
                Count(status, ref errors, ref limited);

                if (overhead is { } o)
                {
                    lock (overheads)
                    {
                        overheads.Add(o);
                    }
                }
            }, ct);
        }

        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Phase(target, streaming ? "stream" : "json", count, count / elapsed,
            LatencyStats.PercentileMs(latencies, 50), LatencyStats.PercentileMs(latencies, 99),
            LatencyStats.PercentileMs(overheads, 50), LatencyStats.PercentileMs(overheads, 99), errors) { RateLimited = limited };
    }

    public static async Task<Phase> ClosedLoopAsync(HttpMessageInvoker client, string target, Uri uri, byte[] body, int count, int concurrency, CancellationToken ct)
    {
        var latencies = new long[count];
        long next = -1;
        var errors = 0;
        var limited = 0;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var (ticks, _, status) = await SendAsync(client, uri, body, ct);
                latencies[i] = ticks;
                Count(status, ref errors, ref limited);
            }
        }, ct)));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new Phase(target, "max", count, count / elapsed, LatencyStats.PercentileMs(latencies, 50), LatencyStats.PercentileMs(latencies, 99), 0, 0, errors) { RateLimited = limited };
    }

    private static void Count(int status, ref int errors, ref int limited)
    {
        if (status != 200)
        {
            Interlocked.Increment(ref errors);
        }

        if (status == 429)
        {
            Interlocked.Increment(ref limited);
        }
    }

    private static async Task<(long Ticks, double? OverheadMs, int Status)> SendAsync(HttpMessageInvoker client, Uri uri, byte[] body, CancellationToken ct)
    {
        var buffer = new byte[4096];
        var start = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation("x-api-key", Simulator.SimulatorOptions.DefaultKey);
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
            using var response = await client.SendAsync(request, ct);
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            while (await stream.ReadAsync(buffer, ct) > 0)
            {
            }

            var ticks = Stopwatch.GetTimestamp() - start;
            double? overhead = response.Headers.TryGetValues("skillgate-overhead-ms", out var values)
                && double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : null;
            return (ticks, overhead, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return (Stopwatch.GetTimestamp() - start, null, 0);
        }
    }
}
