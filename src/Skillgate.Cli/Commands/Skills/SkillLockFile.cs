using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>
/// <c>.skillgate/skills.json</c>: what <c>skills push</c> last pushed, per skill name and upstream: the skill id, the
/// version and the content hash. It makes push idempotent (same hash: nothing is sent) and is meant to be committed
/// beside the skills, like a package lock. Written atomically (a temporary file moved into place).
/// </summary>
internal sealed class SkillLockFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly JsonObject _root;

    private SkillLockFile(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    public static string DefaultFor(string skillDirectory) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(skillDirectory).TrimEnd('/'))!, ".skillgate", "skills.json");

    public static SkillLockFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new SkillLockFile(path, new JsonObject { ["skills"] = new JsonArray() });
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not an object");
            if (root["skills"] is not JsonArray)
            {
                root["skills"] = new JsonArray();
            }

            return new SkillLockFile(path, root);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"lock file {path} is not valid JSON ({ex.Message}); fix or delete it", ex);
        }
    }

    public LockEntry? Find(string name, string upstream) => Entries()
        .Where(e => Text(e, "name") == name && Text(e, "upstream") == upstream)
        .Select(e => new LockEntry(name, upstream, Text(e, "skill_id") ?? string.Empty, Text(e, "version") ?? string.Empty, Text(e, "content_hash") ?? string.Empty))
        .FirstOrDefault(e => e.SkillId.Length > 0);

    public void Set(LockEntry entry)
    {
        var skills = (JsonArray)_root["skills"]!;
        foreach (var old in Entries().Where(e => Text(e, "name") == entry.Name && Text(e, "upstream") == entry.Upstream).ToList())
        {
            skills.Remove(old);
        }

        skills.Add(new JsonObject
        {
            ["name"] = entry.Name,
            ["upstream"] = entry.Upstream,
            ["skill_id"] = entry.SkillId,
            ["version"] = entry.Version,
            ["content_hash"] = entry.ContentHash,
        });
    }

    public void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = $"{Path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, _root.ToJsonString(Indented) + "\n");
        File.Move(temp, Path, overwrite: true);
    }

    private IEnumerable<JsonObject> Entries() => ((JsonArray)_root["skills"]!).OfType<JsonObject>();

    private static string? Text(JsonObject entry, string name) => entry[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>One skill in the lock file.</summary>
internal sealed record LockEntry(string Name, string Upstream, string SkillId, string Version, string ContentHash);
