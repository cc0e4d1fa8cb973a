namespace Skillgate.Simulator.Skills;

/// <summary>One immutable version of a skill. It is addressed by its id (<c>skillver_01...</c>, the 2026 API) or by its
/// <see cref="Version"/> string (an epoch-microseconds timestamp for custom skills, a date such as <c>20251013</c> for
/// Anthropic's, the 2025 API).</summary>
internal sealed class StoredSkillVersion
{
    public required string Id { get; init; }

    public required string Version { get; init; }

    public required string SkillId { get; init; }

    public required string Name { get; init; }

    public required string Description { get; init; }

    /// <summary>The top-level folder of the upload, the directory the skill is mounted at (<c>/skills/{directory}</c>).</summary>
    public required string Directory { get; init; }

    public required string SkillMd { get; init; }

    public required IReadOnlyList<SkillFile> Files { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when <paramref name="reference"/> (an id or a version string) names this version.</summary>
    public bool Matches(string reference) => reference == Id || reference == Version;
}
