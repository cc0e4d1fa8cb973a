using System.Globalization;
using System.Text.Json;
using Skillgate.Simulator;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>
/// <c>skillgate bench streams</c>: N concurrent streams through the gateway (a child process, h2c to the
/// simulator in this process), over SSE and over the WebSocket transport: completed, lost, time to first
/// token, and the gateway's resident memory per open stream.
/// </summary>
internal sealed class StreamsCommand(IAnsiConsole console) : AsyncCommand<StreamsSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, StreamsSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0, RateLimitHeaders = !settings.NoRateLimitHeaders }, cancellationToken);
        await using var gateway = await GatewayProcess.StartAsync(sim.Http2Address!, SimulatorOptions.DefaultKey, upstreamHttp2: true, settings.ServerGc, cancellationToken, configureLimits: !settings.NoRateLimitHeaders);
        var results = new List<StreamsLoad.Result>();
        var body = StreamsLoad.Body(settings.HoldMs, settings.Tokens);

        // Warm-up: JIT and pools on both sides, excluded from the baseline.
        await StreamsLoad.SseAsync(gateway, 200, StreamsLoad.Body(0, settings.Tokens), cancellationToken);
        await StreamsLoad.WebSocketAsync(gateway, 200, 2, StreamsLoad.Body(0, settings.Tokens), cancellationToken);
        if (settings.Transport is "sse" or "both")
        {
            results.Add(await StreamsLoad.SseAsync(gateway, settings.Streams, body, cancellationToken));
        }

        if (settings.Transport is "ws" or "both")
        {
            results.Add(await StreamsLoad.WebSocketAsync(gateway, settings.Streams, settings.WebSockets, body, cancellationToken));
        }

        // Every 429 a caller saw that the upstream did not send was made by the gateway.
        var gateway429 = Math.Max(0, results.Sum(r => r.RateLimited) - sim.GetStats().RateLimited);
        var limits = settings.NoRateLimitHeaders ? "unknown (no rate-limit headers, none configured)" : "configured";
        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { scenario = "streams", hold_ms = settings.HoldMs, limits, gateway_429 = gateway429, gateway_gc = settings.ServerGc ? "server" : "workstation", tokens = settings.Tokens, results }));
        }
        else
        {
            var table = new Table().AddColumns("transport", "streams", "completed", "lost", "TTFT p50 ms", "TTFT p99 ms", "gateway RSS MB (base -> peak)", "KB/stream", "seconds");
            foreach (var r in results)
            {
                table.AddRow(r.Transport, F(r.Streams), F(r.Completed), F(r.Lost), F(r.TtftP50Ms, "0.0"), F(r.TtftP99Ms, "0.0"),
                    $"{F(r.BaselineRssMb, "0")} -> {F(r.PeakRssMb, "0")}", F(r.KbPerStream, "0.0"), F(r.Seconds, "0.0"));
            }

            console.Write(table);
            console.WriteLine($"limits: {limits}; gateway-made 429s: {gateway429}");
        }

        return results.Sum(r => r.Lost) == 0 ? 0 : 1;
    }

    private static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
