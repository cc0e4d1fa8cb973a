using System.Diagnostics;
using System.Net;
using System.Text;
using Skillgate.WebSockets;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Opens N streams through the gateway at once (SSE or WebSocket) and follows each to its end.</summary>
internal static class StreamsLoad
{
    public sealed record Result(string Transport, int Streams, int Completed, int Lost, double TtftP50Ms, double TtftP99Ms, double PeakRssMb, double BaselineRssMb, double KbPerStream, double Seconds)
    {
        /// <summary>Streams refused with 429 (by the gateway or the upstream).</summary>
        public int RateLimited { get; init; }
    }

    public static byte[] Body(int holdMs, int tokens) => Encoding.UTF8.GetBytes(
        $$"""{"model":"claude-haiku-4-5","max_tokens":{{tokens + 8}},"stream":true,"messages":[{"role":"user","content":"hold [[sim:ttft={{holdMs}} tokens={{tokens}}]]"}]}""");

    public static async Task<Result> SseAsync(GatewayProcess gateway, int streams, byte[] body, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(60) };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var uri = new Uri(gateway.BaseAddress, "/v1/messages");
        return await MeasureAsync(gateway, "sse", streams, async (record, limited) =>
        {
            var start = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    limited();
                }

                return false;
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            var first = true;
            var stopped = false;
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (first && line.StartsWith("event: content_block_delta", StringComparison.Ordinal))
                {
                    first = false;
                    record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                stopped |= line.StartsWith("event: message_stop", StringComparison.Ordinal);
            }

            return stopped;
        }, ct);
    }

    public static async Task<Result> WebSocketAsync(GatewayProcess gateway, int streams, int sockets, byte[] body, CancellationToken ct)
    {
        var uri = new UriBuilder(gateway.BaseAddress) { Scheme = "ws", Path = "/v1/ws" }.Uri;
        var clients = new SkillgateWebSocketClient[sockets];
        for (var i = 0; i < sockets; i++)
        {
            clients[i] = await SkillgateWebSocketClient.ConnectAsync(uri, new SkillgateWebSocketClientOptions { StreamBufferFrames = 64 }, ct);
        }

        var next = -1;
        try
        {
            return await MeasureAsync(gateway, "websocket", streams, async (record, limited) =>
            {
                var client = clients[(uint)Interlocked.Increment(ref next) % (uint)sockets];
                var start = Stopwatch.GetTimestamp();
                var first = true;
                var stopped = false;
                try
                {
                    await foreach (var e in client.StreamAsync(body, ct))
                    {
                        if (first && e.EventType == "content_block_delta")
                        {
                            first = false;
                            record(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        }

                        stopped |= e.EventType == "message_stop";
                    }
                }
                catch (GatewayStreamException ex) when (ex.Status == 429)
                {
                    limited();
                    return false;
                }

                return stopped;
            }, ct);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task<Result> MeasureAsync(GatewayProcess gateway, string transport, int streams, Func<Action<double>, Action, Task<bool>> one, CancellationToken ct)
    {
        var baseline = gateway.ResidentBytes();
        var ttfts = new List<double>(streams);
        var completed = 0;
        var limited = 0;
        void Limited() => Interlocked.Increment(ref limited);
        void Record(double ms)
        {
            lock (ttfts)
            {
                ttfts.Add(ms);
            }
        }

        var start = Stopwatch.GetTimestamp();
        var tasks = new Task[streams];
        for (var i = 0; i < streams; i++)
        {
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    if (await one(Record, Limited))
                    {
                        Interlocked.Increment(ref completed);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or GatewayStreamException or System.Net.WebSockets.WebSocketException)
                {
                    // Counted as lost below.
                }
            }, ct);
        }

        var all = Task.WhenAll(tasks);
        long peak = baseline;
        while (!all.IsCompleted)
        {
            peak = Math.Max(peak, gateway.ResidentBytes());
            await Task.WhenAny(all, Task.Delay(100, ct));
        }

        await all;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        const double Mb = 1024.0 * 1024;
        return new Result(transport, streams, completed, streams - completed, LatencyStats.PercentileMs(ttfts, 50), LatencyStats.PercentileMs(ttfts, 99),
            peak / Mb, baseline / Mb, (peak - baseline) / 1024.0 / streams, seconds) { RateLimited = limited };
    }
}
