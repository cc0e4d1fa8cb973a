namespace Skillgate.Simulator.Skills;

/// <summary>A skill: custom (in the workspace of the key that created it) or one of Anthropic's built-in ones (every
/// workspace sees them, none may change them). Its versions are guarded by the store's lock.</summary>
internal sealed class StoredSkill
{
    public const string Custom = "custom";
    public const string Anthropic = "anthropic";

    public required string Id { get; init; }

    /// <summary>The owning workspace; null for Anthropic's skills.</summary>
    public string? Workspace { get; init; }

    /// <summary><see cref="Custom"/> or <see cref="Anthropic"/>.</summary>
    public required string Source { get; init; }

    /// <summary>The immutable kebab-case slug, from the first upload's frontmatter <c>name</c>.</summary>
    public required string Name { get; init; }

    public required string DisplayTitle { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Oldest first.</summary>
    public List<StoredSkillVersion> Versions { get; } = [];

    public StoredSkillVersion? Latest => Versions.Count > 0 ? Versions[^1] : null;
}
