using System.Text.Json;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Bench;

public sealed class SimBenchCommandTests
{
    [Fact]
    public async Task BenchSim_SmallRun_JsonWithoutErrorsOrLostStreams()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(
            ["bench", "sim", "--requests", "300", "--concurrency", "4", "--streams", "200", "--hold-ms", "1500", "--json"], console);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(console.Output);
        var root = json.RootElement;
        Assert.Equal(300, root.GetProperty("requests").GetInt64());
        Assert.Equal(0, root.GetProperty("request_errors").GetInt64());
        Assert.True(root.GetProperty("requests_per_second").GetDouble() > 0);
        Assert.Equal(200, root.GetProperty("streams_completed").GetInt32());
        Assert.Equal(200, root.GetProperty("streams_peak_concurrent").GetInt32());
        Assert.Equal(0, root.GetProperty("streams_lost").GetInt32());
    }

    [Fact]
    public async Task BenchSim_RunningSimulatorByUrl_StatsReadOverHttp()
    {
        await using var sim = await Skillgate.Simulator.SimulatorHost.StartAsync(new Skillgate.Simulator.SimulatorOptions());
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(
            ["bench", "sim", "--url", sim.BaseAddress.ToString(), "--h2-url", sim.Http2Address!.ToString(),
             "--requests", "100", "--concurrency", "2", "--streams", "30", "--hold-ms", "1000", "--json"], console);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(console.Output);
        Assert.False(json.RootElement.GetProperty("in_process").GetBoolean());
        Assert.Equal(30, json.RootElement.GetProperty("streams_peak_concurrent").GetInt32());
        Assert.Equal(30, sim.GetStats().StreamingRequests);
    }

    [Fact]
    public async Task BenchSim_Table_ListsBothScenarios()
    {
        var console = new TestConsole();
        console.Profile.Width = 250;

        var exitCode = await SkillgateApp.RunAsync(["bench", "sim", "--requests", "100", "--concurrency", "2", "--streams", "20", "--hold-ms", "50"], console);

        Assert.Equal(0, exitCode);
        Assert.Contains("req/s", console.Output, StringComparison.Ordinal);
        Assert.Contains("20 completed, 0 lost", console.Output, StringComparison.Ordinal);
    }
}
