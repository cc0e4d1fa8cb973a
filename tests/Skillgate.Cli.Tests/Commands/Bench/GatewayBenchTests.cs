using System.Text.Json;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Bench;

public sealed class GatewayBenchTests
{
    [Fact]
    public async Task Streams_Small_AllCompleteNoneLost()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["bench", "streams", "--streams", "20", "--hold-ms", "50", "--ws-sockets", "2", "--json"], console);

        Assert.Equal(0, exitCode);
        using var doc = JsonDocument.Parse(console.Output.Trim().Split('\n')[^1]);
        var results = doc.RootElement.GetProperty("results");
        Assert.Equal(2, results.GetArrayLength());
        Assert.All(results.EnumerateArray(), r =>
        {
            Assert.Equal(20, r.GetProperty("Completed").GetInt32());
            Assert.Equal(0, r.GetProperty("Lost").GetInt32());
        });
    }

    [Fact]
    public async Task Overhead_Small_PhasesConsistentAndPlausible()
    {
        const int rate = 200;
        const int requests = 200;
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["bench", "overhead", "--rate", $"{rate}", "--seconds", "1", "--max-requests", $"{requests}", "--json"], console);

        Assert.Equal(0, exitCode);
        using var doc = JsonDocument.Parse(console.Output.Trim().Split('\n')[^1]);
        var phases = doc.RootElement.GetProperty("phases").EnumerateArray().Select(Phase.From).ToList();
        Assert.Equal(
            [("direct", "json"), ("gateway", "json"), ("direct", "stream"), ("gateway", "stream"), ("direct", "max"), ("gateway", "max")],
            phases.Select(p => (p.Target, p.Mode)));
        Assert.All(phases, p =>
        {
            Assert.Equal(requests, p.Requests);
            Assert.Equal(0, p.Errors);

            // An instant simulator on loopback answers in about a millisecond; a second is a broken measurement.
            Assert.True(p.P50Ms > 0 && p.P50Ms <= p.P99Ms && p.P99Ms < 5_000, $"{p}");
            Assert.True(p.AchievedRate > 0, $"{p}");
        });
        Assert.All(phases.Where(p => p.Mode != "max"), p =>
            Assert.True(p.AchievedRate <= rate * 1.05 && p.AchievedRate >= rate / 5.0, $"a fixed-rate phase ran at {p.AchievedRate} req/s of {rate}: {p}"));

        // Only the gateway reports the header. Each request's overhead is part of its own latency, so every
        // percentile of the overheads is at most the same percentile of the latencies.
        Assert.All(phases.Where(p => p.Target == "direct" || p.Mode == "max"), p => Assert.Equal((0.0, 0.0), (p.HeaderP50Ms, p.HeaderP99Ms)));
        var gatewayFixedRate = phases.Where(p => p.Target == "gateway" && p.Mode != "max").ToList();
        Assert.Equal(2, gatewayFixedRate.Count);
        Assert.All(gatewayFixedRate, p =>
            Assert.True(p.HeaderP50Ms > 0 && p.HeaderP50Ms <= p.HeaderP99Ms && p.HeaderP50Ms <= p.P50Ms && p.HeaderP99Ms <= p.P99Ms, $"{p}"));
    }

    private sealed record Phase(string Target, string Mode, int Requests, double AchievedRate, double P50Ms, double P99Ms, double HeaderP50Ms, double HeaderP99Ms, int Errors)
    {
        public static Phase From(JsonElement p) => new(
            p.GetProperty("Target").GetString()!, p.GetProperty("Mode").GetString()!, p.GetProperty("Requests").GetInt32(),
            p.GetProperty("AchievedRate").GetDouble(), p.GetProperty("P50Ms").GetDouble(), p.GetProperty("P99Ms").GetDouble(),
            p.GetProperty("HeaderP50Ms").GetDouble(), p.GetProperty("HeaderP99Ms").GetDouble(), p.GetProperty("Errors").GetInt32());
    }
}
