namespace Skillgate.Skills;

/// <summary>
/// What <c>SKILL.md</c> says: the frontmatter fields of the Agent Skills specification and the Markdown body. Level 1
/// of progressive disclosure is <see cref="Name"/> and <see cref="Description"/>; level 2 is <see cref="Body"/>.
/// </summary>
public sealed class SkillDefinition
{
    internal SkillDefinition(string name, string description, string body, int bodyLine)
    {
        Name = name;
        Description = description;
        Body = body;
        BodyLine = bodyLine;
    }

    /// <summary>The skill's name (trimmed), e.g. <c>pdf-processing</c>.</summary>
    public string Name { get; }

    /// <summary>What the skill does and when to use it (trimmed).</summary>
    public string Description { get; }

    /// <summary>The license name or the file that holds it, or null.</summary>
    public string? License { get; init; }

    /// <summary>Environment requirements (product, system packages, network access), or null.</summary>
    public string? Compatibility { get; init; }

    /// <summary>Pre-approved tools, from a space-separated string or a YAML list; empty when not given.</summary>
    public IReadOnlyList<string> AllowedTools { get; init; } = [];

    /// <summary>The <c>metadata</c> map (values as written); empty when not given.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The Markdown after the frontmatter.</summary>
    public string Body { get; }

    /// <summary>The 1-based line of <c>SKILL.md</c> on which <see cref="Body"/> starts.</summary>
    public int BodyLine { get; }
}
