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
    public async Task RunAsync_BurstFitsTheBuckets_SaysSoAndReportsFullPace()
    {
        var console = new TestConsole();
        console.Profile.Width = 10_000;

        // 20 requests, 2 keys at 100 RPM: the full buckets hold 200, so there is no storm to show.
        var exitCode = await SkillgateApp.RunAsync(["bench", "burst", "-n", "20", "-k", "2", "--rpm", "100", "--ttft-ms", "0", "--mode", "skillgate"], console);

        Assert.Equal(0, exitCode);
        Assert.Contains("hold all 20 requests", console.Output, StringComparison.Ordinal);
        Assert.Contains("Lower --rpm or raise -n", console.Output, StringComparison.Ordinal);
        Assert.Contains("time the limits need", console.Output, StringComparison.Ordinal);
        Assert.Contains("skillgate: all 20 served", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("req/s", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Json_ReportsCapacityIdealTimeAndPace()
    {
        var console = new TestConsole();
        console.Profile.Width = 10_000;

        var exitCode = await SkillgateApp.RunAsync(["bench", "burst", "-n", "20", "--rpm", "100", "--ttft-ms", "0", "--mode", "skillgate", "--json"], console);

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(console.Output);
        var root = json.RootElement;
        Assert.Equal(100, root.GetProperty("bucket_capacity").GetDouble());
        Assert.True(root.GetProperty("limits_configured").GetBoolean());
        Assert.InRange(root.GetProperty("ideal_s").GetDouble(), 0.01, 1);
        Assert.InRange(root.GetProperty("skillgate").GetProperty("pace").GetDouble(), 0.0001, 1);
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
