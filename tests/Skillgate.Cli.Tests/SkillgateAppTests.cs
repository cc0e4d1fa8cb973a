using System.Text.RegularExpressions;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests;

public sealed partial class SkillgateAppTests
{
    /// <summary>The names in the help's command table: each row starts with the name, then its description
    /// (wrapped description lines start with spaces only), so a name is matched whole, never inside another.</summary>
    private static string[] CommandRows(string help)
    {
        var table = help[(help.IndexOf("COMMANDS:", StringComparison.Ordinal) + "COMMANDS:".Length)..];
        return [.. CommandRow().Matches(table).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"^ {2,6}([a-z][a-z0-9-]*) {2,}\S", RegexOptions.Multiline)]
    private static partial Regex CommandRow();

    [Fact]
    public async Task RunAsync_Help_ListsCommands()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        var exitCode = await SkillgateApp.RunAsync(["--help"], console);

        Assert.Equal(0, exitCode);
        Assert.Equal(["bench", "chat", "redact", "run", "serve", "sim", "skills"], CommandRows(console.Output));
    }

    [Fact]
    public async Task RunAsync_BenchHelp_ListsScenarios()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        var exitCode = await SkillgateApp.RunAsync(["bench", "--help"], console);

        Assert.Equal(0, exitCode);
        Assert.Equal(["burst", "overhead", "sim", "streams"], CommandRows(console.Output));
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_FailsWithMessage()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["no-such-command"], console);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("no-such-command", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Version_PrintsTheVersion()
    {
        var console = new TestConsole();

        var exitCode = await SkillgateApp.RunAsync(["--version"], console);

        Assert.Equal(0, exitCode);
        Assert.Equal(SkillgateApp.Version, console.Output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", SkillgateApp.Version);
    }

    [Theory]
    [InlineData("prot", "sim", "--prot", "4000")]
    [InlineData("bogus-flag", "serve", "--bogus-flag", "1")]
    [InlineData("stray", "sim", "--port", "0", "stray")]
    [InlineData("extra", "redact", "extra")]
    public async Task RunAsync_UnknownOptionOrStrayArgument_FailsNamingIt(string named, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;

        var exitCode = await SkillgateApp.RunAsync(args, console);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"'{named}'", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", console.Output, StringComparison.Ordinal);
    }
}
