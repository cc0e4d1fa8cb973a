using System.Text;
using Spectre.Console.Testing;

namespace Skillgate.Cli.Tests.Commands.Skills;

/// <summary>Runs <c>skillgate skills ...</c> in-process in a temporary folder (deleted on dispose).</summary>
internal sealed class SkillsCli : IDisposable
{
    public SkillsCli()
    {
        Root = Path.Combine(Path.GetTempPath(), "skillgate-cli-skills", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var console = new TestConsole();
        console.Profile.Width = 400;
        var exitCode = await SkillgateApp.RunAsync(["skills", .. args], console);
        return (exitCode, console.Output);
    }

    public string Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
