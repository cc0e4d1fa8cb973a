namespace Skillgate.Skills;

/// <summary>One file of a skill folder, as it is uploaded.</summary>
/// <param name="RelativePath">The path inside the skill folder with <c>/</c> separators, e.g. <c>references/api.md</c>.</param>
/// <param name="FullPath">Where its content is read from (a symlink inside the folder is followed to its target).</param>
/// <param name="Length">Its size in bytes.</param>
public sealed record SkillFile(string RelativePath, string FullPath, long Length);
