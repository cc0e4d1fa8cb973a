using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests;

public sealed class SkillgateAppTests
{
    [Fact]
    public async Task RunAsync_Help_ListsCommands()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        var exitCode = await SkillgateApp.RunAsync(["--help"], console);

        Assert.Equal(0, exitCode);
        foreach (var command in new[] { "serve", "sim", "chat", "redact", "bench" })
        {
            Assert.Contains(command, console.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_BenchHelp_ListsScenarios()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        var exitCode = await SkillgateApp.RunAsync(["bench", "--help"], console);

        Assert.Equal(0, exitCode);
        foreach (var scenario in new[] { "burst", "overhead", "streams", "sim" })
        {
            Assert.Contains(scenario, console.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_FailsWithMessage()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["no-such-command"], console);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no-such-command", console.Output, StringComparison.Ordinal);
    }
}
