using System.Text.Json;
using Skillgate.Simulator;

namespace Skillgate.Cli.Tests.Commands.Skills;

/// <summary>
/// push → list → pull against the built-in simulator (<see cref="SimulatorHost"/>) on a real loopback port.
/// </summary>
public sealed class SimulatorSkillsTests : IDisposable
{
    private readonly SkillsCli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task PushListPull_AgainstTheSimulator_RoundTripAndIdempotentPush()
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = -1 });
        string[] upstream = ["--url", sim.BaseAddress.ToString(), "--api-key", SimulatorOptions.DefaultKey];
        await SkillsCli.RunAsync("new", "sim-skill", "--dir", _cli.PathOf("src"));

        var (created, first) = await SkillsCli.RunAsync(["push", _cli.PathOf("src/sim-skill"), "--json", .. upstream]);
        var (again, second) = await SkillsCli.RunAsync(["push", _cli.PathOf("src/sim-skill"), "--json", .. upstream]);
        var id = JsonDocument.Parse(first).RootElement.GetProperty("skill_id").GetString()!;
        var (listed, list) = await SkillsCli.RunAsync(["list", "--json", .. upstream]);
        var (pulled, _) = await SkillsCli.RunAsync(["pull", id, "-o", _cli.PathOf("dst"), .. upstream]);

        Assert.Equal((0, 0, 0, 0), (created, again, listed, pulled));
        Assert.Equal("unchanged", JsonDocument.Parse(second).RootElement.GetProperty("action").GetString());
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(_cli.PathOf("src/sim-skill/SKILL.md")), File.ReadAllText(_cli.PathOf("dst/sim-skill/SKILL.md")));
    }
}
