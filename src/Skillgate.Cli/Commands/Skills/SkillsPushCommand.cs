using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Skills;
using Skillgate.Upstream;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// <c>skillgate skills push DIR...</c>: validates every folder with the upload rules first (one invalid folder: nothing
/// is sent), then per folder creates the skill, or a new version of it only when its content hash changed since the
/// push recorded in the lock file (<see cref="SkillLockFile"/>); pushing unchanged content sends nothing but a check that
/// the skill still exists. Prints each skill's <c>skill_id</c> and <c>version</c>.
/// </summary>
internal sealed class SkillsPushCommand(IAnsiConsole console) : AsyncCommand<SkillsPushSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SkillsPushSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var results = settings.Directories.Select(d => SkillValidator.Validate(d, new SkillValidationOptions { ForUpload = true })).ToList();
        foreach (var invalid in results.Where(r => !r.IsValid))
        {
            SkillsOutput.Problems(console, invalid);
            SkillsOutput.Error(console, $"{invalid.Directory} is not a valid skill");
        }

        if (results.Any(r => !r.IsValid))
        {
            SkillsOutput.Error(console, "nothing was pushed");
            return 1;
        }

        await using var upstream = SkillsUpstream.Create(settings, out var error);
        if (upstream is null)
        {
            SkillsOutput.Error(console, error!);
            return 2;
        }

        var origin = upstream.BaseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var failed = 0;
        foreach (var result in results)
        {
            try
            {
                var pushed = await PushAsync(upstream.Api, result.Folder!, origin, settings, cancellationToken);
                Print(result.Folder!, pushed, settings.Json);
            }
            catch (UpstreamException ex)
            {
                failed++;
                SkillsOutput.Error(console, $"{result.Directory}: {SkillsOutput.Describe(ex)}");
            }
            catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException)
            {
                failed++;
                SkillsOutput.Error(console, $"{result.Directory}: {ex.Message}");
            }
        }

        return failed > 0 ? 1 : 0;
    }

    private static async Task<(string Action, LockEntry Entry)> PushAsync(SkillsApi api, SkillFolder folder, string origin, SkillsPushSettings settings, CancellationToken cancellationToken)
    {
        var lockFile = SkillLockFile.Load(settings.Lock ?? SkillLockFile.DefaultFor(folder.DirectoryPath));
        var hash = await folder.ComputeContentHashAsync(cancellationToken);
        var known = lockFile.Find(folder.Name, origin);
        if (known is not null && await api.GetAsync(known.SkillId, cancellationToken) is not null)
        {
            if (known.ContentHash == hash)
            {
                return ("unchanged", known);
            }

            var version = await api.CreateVersionAsync(known.SkillId, folder, cancellationToken);
            return Record(lockFile, "new version", known with { Version = version, ContentHash = hash });
        }

        // Never pushed here, or the recorded skill is gone (deleted, another workspace): create it.
        var created = await api.CreateAsync(folder, settings.Title, cancellationToken);
        return Record(lockFile, "created", new LockEntry(folder.Name, origin, created.Id, created.LatestVersion ?? string.Empty, hash));
    }

    private static (string Action, LockEntry Entry) Record(SkillLockFile lockFile, string action, LockEntry entry)
    {
        lockFile.Set(entry);
        lockFile.Save();
        return (action, entry);
    }

    private void Print(SkillFolder folder, (string Action, LockEntry Entry) pushed, bool json)
    {
        var (action, entry) = pushed;
        if (json)
        {
            SkillsOutput.Json(console, new JsonObject
            {
                ["path"] = folder.DirectoryPath,
                ["name"] = folder.Name,
                ["action"] = action.Replace(' ', '_'),
                ["skill_id"] = entry.SkillId,
                ["version"] = entry.Version,
                ["content_hash"] = entry.ContentHash,
            });
            return;
        }

        SkillsOutput.Line(console, $"{folder.Name}: {action}  skill_id {entry.SkillId}  version {entry.Version}");
    }
}
