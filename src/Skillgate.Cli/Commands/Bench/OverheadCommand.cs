using System.Globalization;
using System.Text;
using System.Text.Json;
using Skillgate.Simulator;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>
/// <c>skillgate bench overhead</c>: the latency the gateway adds. The simulator (answering at once) runs in
/// this process, the gateway (<c>skillgate serve</c>) in a child process; the same fixed-rate load goes straight
/// to the simulator and through the gateway, streaming and not; then both as fast as they go.
/// </summary>
internal sealed class OverheadCommand(IAnsiConsole console) : AsyncCommand<OverheadSettings>
{
    private const string Json = """{"model":"claude-haiku-4-5","max_tokens":16,"messages":[{"role":"user","content":"ping [[sim:tokens=8]]"}]}""";
    private const string Stream = """{"model":"claude-haiku-4-5","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"ping [[sim:tokens=8]]"}]}""";

    public override async Task<int> ExecuteAsync(CommandContext context, OverheadSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = 0, RateLimitHeaders = !settings.NoRateLimitHeaders }, cancellationToken);
        var upstream = settings.UpstreamHttp2 ? sim.Http2Address! : sim.BaseAddress;
        await using var gateway = await GatewayProcess.StartAsync(upstream, SimulatorOptions.DefaultKey, settings.UpstreamHttp2, settings.ServerGc, cancellationToken, configureLimits: !settings.NoRateLimitHeaders);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) };
        using var client = new HttpMessageInvoker(handler);
        var targets = new[] { ("direct", new Uri(sim.BaseAddress, "/v1/messages")), ("gateway", new Uri(gateway.BaseAddress, "/v1/messages")) };
        var count = settings.Rate * settings.Seconds;
        var phases = new List<OverheadLoad.Phase>();

        foreach (var (name, uri) in targets)
        {
            // Warm-up as long as a measured phase: JIT and tiered (PGO) recompilation, connection pools, the
            // gateway's upstream pool. On two cores a shorter warm-up leaves background rejits in the p99.
            await OverheadLoad.FixedRateAsync(client, name, uri, Encoding.UTF8.GetBytes(Json), false, settings.Rate, count, cancellationToken);
            await OverheadLoad.FixedRateAsync(client, name, uri, Encoding.UTF8.GetBytes(Stream), true, settings.Rate, count, cancellationToken);
        }

        foreach (var (body, streaming) in new[] { (Json, false), (Stream, true) })
        {
            foreach (var (name, uri) in targets)
            {
                phases.Add(await OverheadLoad.FixedRateAsync(client, name, uri, Encoding.UTF8.GetBytes(body), streaming, settings.Rate, count, cancellationToken));
            }
        }

        if (settings.MaxRequests > 0)
        {
            foreach (var (name, uri) in targets)
            {
                phases.Add(await OverheadLoad.ClosedLoopAsync(client, name, uri, Encoding.UTF8.GetBytes(Json), settings.MaxRequests, settings.Concurrency, cancellationToken));
            }
        }

        // Every 429 the caller saw that the upstream did not send was made by the gateway.
        var gateway429 = phases.Where(p => p.Target == "gateway").Sum(p => p.RateLimited) - sim.GetStats().RateLimited;
        Print(settings, phases, Math.Max(0, gateway429));
        return phases.Sum(p => p.Errors) == 0 ? 0 : 1;
    }

    private void Print(OverheadSettings settings, List<OverheadLoad.Phase> phases, long gateway429)
    {
        double Added(string mode, Func<OverheadLoad.Phase, double> pick) =>
            pick(phases.Single(p => p.Target == "gateway" && p.Mode == mode)) - pick(phases.Single(p => p.Target == "direct" && p.Mode == mode));

        var summary = new Dictionary<string, double>
        {
            ["added_p50_ms_json"] = Added("json", p => p.P50Ms),
            ["added_p99_ms_json"] = Added("json", p => p.P99Ms),
            ["added_p50_ms_stream"] = Added("stream", p => p.P50Ms),
            ["added_p99_ms_stream"] = Added("stream", p => p.P99Ms),
            ["gateway_429"] = gateway429,
        };
        var limits = settings.NoRateLimitHeaders ? "unknown (no rate-limit headers, none configured)" : "configured";
        if (settings.Json)
        {
            console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new { scenario = "overhead", rate = settings.Rate, seconds = settings.Seconds, upstream_http2 = settings.UpstreamHttp2, limits, gateway_gc = settings.ServerGc ? "server" : "workstation", phases, summary }));
            return;
        }

        var table = new Table().AddColumns("target", "mode", "requests", "req/s", "p50 ms", "p99 ms", "header p50 ms", "header p99 ms", "errors");
        foreach (var p in phases)
        {
            table.AddRow(p.Target, p.Mode, F(p.Requests), F(p.AchievedRate), F(p.P50Ms, "0.000"), F(p.P99Ms, "0.000"),
                p.Target == "gateway" && p.Mode != "max" ? F(p.HeaderP50Ms, "0.000") : "-", p.Target == "gateway" && p.Mode != "max" ? F(p.HeaderP99Ms, "0.000") : "-", F(p.Errors));
        }

        console.Write(table);
        console.WriteLine($"limits: {limits}");
        foreach (var (key, value) in summary)
        {
            console.WriteLine($"{key}: {value.ToString("0.000", CultureInfo.InvariantCulture)}");
        }
    }

    private static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
