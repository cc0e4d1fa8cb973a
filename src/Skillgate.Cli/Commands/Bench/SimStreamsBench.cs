using System.Diagnostics;
using System.Net;
using System.Text;
using Skillgate.Simulator;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Opens N streaming requests over one h2c connection pool, all waiting for their first token at
/// once, then reads them to the end and counts those that ended with <c>message_stop</c>.</summary>
internal static class SimStreamsBench
{
    public static async Task RunAsync(SimTarget sim, SimBenchSettings settings, SimBenchResult result, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var invoker = new HttpMessageInvoker(handler);
        var uri = new Uri(sim.Http2Address, "/v1/messages");
        var body = Encoding.UTF8.GetBytes(
            $$"""{"model":"claude-haiku-4-5","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"stream [[sim:ttft={{settings.HoldMs}} tokens=20]]"}]}""");
        await sim.ResetStatsAsync(ct);
        GC.Collect();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        long peakMemory = 0;
        var completed = 0;
        var started = Stopwatch.GetTimestamp();

        async Task OneAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(body),
            };
            request.Headers.TryAddWithoutValidation("x-api-key", SimulatorOptions.DefaultKey);
            try
            {
                using var response = await invoker.SendAsync(request, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.OK && text.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref completed);
                }
            }
            catch (HttpRequestException)
            {
            }
        }

        var all = new Task[settings.Streams];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = OneAsync();
        }

        var whenAll = Task.WhenAll(all);
        while (!whenAll.IsCompleted)
        {
            peakMemory = Math.Max(peakMemory, GC.GetTotalMemory(forceFullCollection: false));
            await Task.WhenAny(whenAll, Task.Delay(250, ct));
        }

        await whenAll;
        var stats = await sim.GetStatsAsync(ct);
        result.Streams = settings.Streams;
        result.StreamsPeakConcurrent = stats.PeakInFlight;
        result.StreamsCompleted = completed;
        result.StreamsLost = settings.Streams - completed;
        result.StreamsSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        result.StreamsMemoryMb = (peakMemory - memoryBefore) / (1024.0 * 1024.0);
    }
}
