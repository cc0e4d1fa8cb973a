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
    public async Task Overhead_Small_ReportsBothTargets()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["bench", "overhead", "--rate", "200", "--seconds", "1", "--max-requests", "200", "--json"], console);

        Assert.Equal(0, exitCode);
        using var doc = JsonDocument.Parse(console.Output.Trim().Split('\n')[^1]);
        var phases = doc.RootElement.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(6, phases.Count);
        Assert.All(phases, p =>
        {
            Assert.Equal(200, p.GetProperty("Requests").GetInt32());
            Assert.Equal(0, p.GetProperty("Errors").GetInt32());
        });
        var gatewayFixedRate = phases.Where(p => p.GetProperty("Target").GetString() == "gateway" && p.GetProperty("Mode").GetString() != "max").ToList();
        Assert.Equal(["json", "stream"], gatewayFixedRate.Select(p => p.GetProperty("Mode").GetString()));
        Assert.All(gatewayFixedRate, p => Assert.True(p.GetProperty("HeaderP50Ms").GetDouble() > 0));
    }
}
