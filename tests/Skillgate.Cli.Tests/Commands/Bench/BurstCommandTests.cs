using System.Text.Json;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Bench;

public sealed class BurstCommandTests
{
    [Fact]
    public async Task RunAsync_SmallStormJson_SkillgateHasNoFailuresAndNaiveSeesRateLimits()
    {
        var console = new TestConsole();
        console.Profile.Width = 10_000;

        // 150 requests at 120 RPM: the bucket holds 120, the other 30 need 15 s at the refill rate.
        var exitCode = await SkillgateApp.RunAsync(["bench", "burst", "--requests", "150", "--rpm", "120", "--ttft-ms", "0", "--tenants", "2", "--json"], console);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(console.Output);
        var root = json.RootElement;
        Assert.Equal("burst", root.GetProperty("scenario").GetString());
        Assert.Equal(150, root.GetProperty("requests").GetInt32());

        var skillgate = root.GetProperty("skillgate");
        Assert.Equal(150, skillgate.GetProperty("successes").GetInt32());
        Assert.Equal(0, skillgate.GetProperty("failures").GetInt32());
        Assert.True(skillgate.GetProperty("upstream_429").GetInt64() <= 1);
        Assert.True(skillgate.GetProperty("goodput_share").GetDouble() >= 0.9);
        Assert.Equal(2, skillgate.GetProperty("tenants").GetArrayLength());

        var naive = root.GetProperty("naive");
        Assert.True(naive.GetProperty("upstream_429").GetInt64() > 0);
        Assert.Equal(150, naive.GetProperty("successes").GetInt32() + naive.GetProperty("failures").GetInt32());
    }

    [Fact]
    public async Task RunAsync_BadMode_FailsWithMessage()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["bench", "burst", "--mode", "fast"], console);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--mode", console.Output, StringComparison.Ordinal);
    }
}
