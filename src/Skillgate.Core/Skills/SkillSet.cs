namespace Skillgate.Skills;

/// <summary>
/// The skills a portable run offers the model: each validated with <see cref="SkillValidator"/> (the specification's
/// rules) when the set is loaded. A set is read once; files under a skill are read (and checked) when the model asks.
/// </summary>
public sealed class SkillSet
{
    private readonly Dictionary<string, SkillFolder> _byName;

    private SkillSet(IReadOnlyList<SkillFolder> skills)
    {
        Skills = skills;
        _byName = skills.ToDictionary(s => s.Definition!.Name, StringComparer.Ordinal);
    }

    /// <summary>The skills, ordered by name.</summary>
    public IReadOnlyList<SkillFolder> Skills { get; }

    /// <summary>
    /// Loads <paramref name="directory"/>: a skill folder (it holds <c>SKILL.md</c>), or a folder of skill folders (every
    /// child folder holding one; others are ignored).
    /// </summary>
    /// <exception cref="SkillRunException">The folder does not exist, holds no skill, or a skill is invalid (every error listed).</exception>
    public static SkillSet Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new SkillRunException(SkillRunError.InvalidSkillSet, $"skills directory '{directory}' does not exist");
        }

        if (HasSkillFile(directory))
        {
            return FromFolders([directory]);
        }

        var folders = Directory.EnumerateDirectories(directory).Where(HasSkillFile).Order(StringComparer.Ordinal).ToList();
        return folders.Count == 0
            ? throw new SkillRunException(SkillRunError.InvalidSkillSet, $"skills directory '{directory}' holds no skill (no SKILL.md in it or in a child folder)")
            : FromFolders(folders);
    }

    /// <summary>Loads the given skill folders.</summary>
    /// <exception cref="SkillRunException">A folder is missing or invalid (every error listed), or two skills share a name.</exception>
    public static SkillSet FromFolders(IEnumerable<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var skills = new List<SkillFolder>();
        var errors = new List<string>();
        foreach (var folder in folders)
        {
            var result = SkillValidator.Validate(folder);
            errors.AddRange(result.Problems.Where(p => p.Severity == SkillProblemSeverity.Error)
                .Select(p => $"{Path.Combine(folder, p.File)}{(p.Line is { } line ? ":" + line : "")}: {p.Code}: {p.Message}"));
            if (result.Folder is { Definition: not null } valid && result.Problems.All(p => p.Severity != SkillProblemSeverity.Error))
            {
                skills.Add(valid);
            }
        }

        foreach (var duplicate in skills.GroupBy(s => s.Definition!.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"two skills are named '{duplicate.Key}': {string.Join(", ", duplicate.Select(s => s.DirectoryPath))}");
        }

        if (errors.Count > 0)
        {
            throw new SkillRunException(SkillRunError.InvalidSkillSet, "invalid skill set:\n" + string.Join('\n', errors));
        }

        if (skills.Count == 0)
        {
            throw new SkillRunException(SkillRunError.InvalidSkillSet, "the skill set is empty");
        }

        return new SkillSet([.. skills.OrderBy(s => s.Definition!.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The skill named <paramref name="name"/>, or null.</summary>
    public SkillFolder? Find(string name) => _byName.GetValueOrDefault(name);

    private static bool HasSkillFile(string folder) =>
        File.Exists(Path.Combine(folder, SkillValidator.SkillFileName)) || File.Exists(Path.Combine(folder, "skill.md"));
}
