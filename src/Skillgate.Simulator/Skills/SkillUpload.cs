namespace Skillgate.Simulator.Skills;

/// <summary>A validated skill upload: the top-level folder, its files (paths relative to the folder, <c>/</c>-separated),
/// the parsed <c>SKILL.md</c> and the optional display title.</summary>
internal sealed record SkillUpload(string Folder, IReadOnlyList<SkillFile> Files, string SkillMd, SkillFrontmatter Frontmatter,
    string? DisplayTitle);
