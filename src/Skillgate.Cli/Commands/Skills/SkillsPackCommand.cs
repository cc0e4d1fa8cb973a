using System.Text.Json.Nodes;
using Skillgate.Skills;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// <c>skillgate skills pack DIR -o FILE.zip</c>: the upload layout (one top-level folder named after the skill), after
/// validating with the upload rules. Nothing is written when the skill is invalid; the zip appears whole or not at all.
/// </summary>
internal sealed class SkillsPackCommand(IAnsiConsole console) : AsyncCommand<SkillsPackSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SkillsPackSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var result = SkillValidator.Validate(settings.Directory, new SkillValidationOptions { ForUpload = true });
        if (!result.IsValid)
        {
            SkillsOutput.Problems(console, result);
            SkillsOutput.Error(console, $"{settings.Directory} is not a valid skill; nothing was packed");
            return 1;
        }

        var folder = result.Folder!;
        var output = Path.GetFullPath(settings.Output ?? $"{folder.Name}.zip");
        if (File.Exists(output) && !settings.Force)
        {
            SkillsOutput.Error(console, $"{output} exists (pass --force to replace it)");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var temp = $"{output}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                SkillArchive.WriteZip(folder, stream);
            }

            File.Move(temp, output, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        var bytes = new FileInfo(output).Length;
        if (settings.Json)
        {
            SkillsOutput.Json(console, new JsonObject
            {
                ["path"] = output,
                ["name"] = folder.Name,
                ["files"] = folder.Files.Count,
                ["bytes"] = bytes,
                ["content_hash"] = await folder.ComputeContentHashAsync(cancellationToken),
            });
        }
        else
        {
            SkillsOutput.Problems(console, result);
            SkillsOutput.Line(console, $"packed {folder.Name}: {folder.Files.Count} files, {bytes} bytes -> {output}");
        }

        return 0;
    }
}
