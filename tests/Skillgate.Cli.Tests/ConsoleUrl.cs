using System.Text.RegularExpressions;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests;

/// <summary>Waits for a long-running command (<c>serve</c>, <c>sim</c>) to print the URL it listens on.</summary>
internal static class ConsoleUrl
{
    /// <summary>The first group of <paramref name="pattern"/> in the output; fails if the command ends first or prints none within 30 s.</summary>
    public static async Task<string> WaitAsync(TestConsole console, Task<int> run, Regex pattern)
    {
        for (var i = 0; i < 300; i++)
        {
            var match = pattern.Match(console.Output);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }

            if (run.IsCompleted)
            {
                Assert.Fail("the command exited before printing its URL: " + console.Output);
            }

            await Task.Delay(100);
        }

        Assert.Fail("the command printed no URL: " + console.Output);
        return "";
    }
}
