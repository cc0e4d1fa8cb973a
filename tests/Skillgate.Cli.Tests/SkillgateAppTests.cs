using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests;

public sealed class SkillgateAppTests
{
    [Fact]
    public async Task RunAsync_Help_ListsCommands()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["--help"], console);

        Assert.Equal(0, exitCode);
        Assert.Contains("skillgate", console.Output, StringComparison.Ordinal);
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
