using System.Text.Json.Nodes;
using Skillgate.Skills;
using Skillgate.Upstream;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// <c>skillgate skills pull ID [--version V] -o DIR</c>: downloads a version's zip (capped while it is read) and
/// extracts it with <see cref="SkillArchive.Extract"/>: caps on entries, size and compression ratio, no path leaving
/// <c>DIR</c>, and nothing left behind when anything fails. Then validates what arrived and prints its problems.
/// </summary>
internal sealed class SkillsPullCommand(IAnsiConsole console) : AsyncCommand<SkillsPullSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SkillsPullSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var upstream = SkillsUpstream.Create(settings, out var error);
        if (upstream is null)
        {
            SkillsOutput.Error(console, error!);
            return 2;
        }

        string path;
        string version;
        try
        {
            version = settings.Version ?? await LatestAsync(upstream.Api, settings.Id, cancellationToken);
            var archive = await upstream.Api.DownloadAsync(settings.Id, version, cancellationToken);
            path = SkillArchive.Extract(new MemoryStream(archive), settings.Output ?? ".", overwrite: settings.Force);
        }
        catch (UpstreamException ex)
        {
            SkillsOutput.Error(console, $"{settings.Id}: {SkillsOutput.Describe(ex)}");
            return 1;
        }
        catch (SkillArchiveException ex)
        {
            SkillsOutput.Error(console, $"{settings.Id}: refused the archive, nothing was written: {ex.Message}");
            return 1;
        }

        var result = SkillValidator.Validate(path);
        if (settings.Json)
        {
            SkillsOutput.Json(console, new JsonObject
            {
                ["path"] = path,
                ["skill_id"] = settings.Id,
                ["version"] = version,
                ["files"] = result.Folder?.Files.Count ?? 0,
                ["valid"] = result.IsValid,
            });
            return 0;
        }

        SkillsOutput.Problems(console, result);
        SkillsOutput.Line(console, $"pulled skill_id {settings.Id}  version {version} -> {path}");
        return 0;
    }

    private static async Task<string> LatestAsync(SkillsApi api, string id, CancellationToken cancellationToken)
    {
        var skill = await api.GetAsync(id, cancellationToken)
            ?? throw new UpstreamException(UpstreamErrorKind.HttpStatus, 404, "not_found_error", $"no skill {id}");
        return skill.LatestVersion ?? throw new UpstreamException(UpstreamErrorKind.HttpStatus, 404, "not_found_error", $"skill {id} has no version");
    }
}
