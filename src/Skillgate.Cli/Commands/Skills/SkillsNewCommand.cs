using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Skills;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// <c>skillgate skills new NAME [--dir D]</c>: a valid skill skeleton in <c>D/NAME</c> (<c>SKILL.md</c> and a sample
/// reference file), written beside its place and moved there whole; an existing folder is never touched.
/// </summary>
internal sealed class SkillsNewCommand(IAnsiConsole console) : Command<SkillsNewSettings>
{
    public override int Execute(CommandContext context, SkillsNewSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var parent = Path.GetFullPath(settings.Directory ?? ".");
        var target = Path.Combine(parent, settings.Name);
        if (Path.Exists(target))
        {
            SkillsOutput.Error(console, $"{target} already exists");
            return 1;
        }

        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{settings.Name}.new-{Guid.NewGuid():N}");
        var files = SkillTemplate.Files(settings.Name, settings.Description);
        try
        {
            foreach (var (relative, content) in files)
            {
                var path = Path.Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content, new UTF8Encoding(false));
            }

            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        if (settings.Json)
        {
            SkillsOutput.Json(console, new JsonObject { ["path"] = target, ["files"] = new JsonArray([.. files.Select(f => (JsonNode)f.Path)]) });
            return 0;
        }

        SkillsOutput.Line(console, $"created {target}");
        foreach (var (relative, _) in files)
        {
            SkillsOutput.Line(console, $"  {relative}");
        }

        SkillsOutput.Line(console, $"next: edit {Path.Join(target, SkillValidator.SkillFileName)}, then `skillgate skills validate {target}`");
        return 0;
    }
}
