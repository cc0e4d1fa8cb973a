using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Skillgate.Simulator.Skills;

/// <summary>The <c>name</c> and <c>description</c> of a <c>SKILL.md</c>, read from its YAML frontmatter with a real YAML
/// parser and checked against the published rules: <c>name</c> kebab-case <c>[a-z0-9-]</c>, at most 64 characters, no
/// reserved word (<c>anthropic</c>, <c>claude</c>); <c>description</c> non-empty, at most 1,024 characters, no XML tags.</summary>
internal sealed record SkillFrontmatter(string Name, string Description)
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 1024;

    /// <summary>The frontmatter of <paramref name="skillMd"/>, or the problem (the message of a 400).</summary>
    public static (SkillFrontmatter? Frontmatter, string? Error) Parse(string skillMd)
    {
        var yaml = ExtractYaml(skillMd);
        if (yaml is null)
        {
            return (null, "SKILL.md must start with YAML frontmatter delimited by '---' lines.");
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return (null, "SKILL.md frontmatter must be a YAML mapping with 'name' and 'description'.");
            }

            root = mapping;
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some malformed flow collections with InvalidOperationException rather than YamlException.
            return (null, "SKILL.md frontmatter is not valid YAML: " + ex.Message);
        }

        var name = Scalar(root, "name");
        var description = Scalar(root, "description");
        var error = CheckName(name) ?? CheckDescription(description);
        return error is null ? (new SkillFrontmatter(name!, description!), null) : (null, error);
    }

    private static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "SKILL.md frontmatter: 'name' is required.";
        }

        if (name.Length > MaxNameLength)
        {
            return $"SKILL.md frontmatter: 'name' must be at most {MaxNameLength} characters.";
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return "SKILL.md frontmatter: 'name' must contain only lowercase letters, numbers and hyphens.";
            }
        }

        if (name.StartsWith('-') || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal))
        {
            return "SKILL.md frontmatter: 'name' must not start or end with a hyphen or contain consecutive hyphens.";
        }

        return name.Contains("anthropic", StringComparison.Ordinal) || name.Contains("claude", StringComparison.Ordinal)
            ? "SKILL.md frontmatter: 'name' must not contain the reserved words 'anthropic' or 'claude'."
            : null;
    }

    private static string? CheckDescription(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return "SKILL.md frontmatter: 'description' is required.";
        }

        if (description.Length > MaxDescriptionLength)
        {
            return $"SKILL.md frontmatter: 'description' must be at most {MaxDescriptionLength} characters.";
        }

        return description.Contains('<') || description.Contains('>')
            ? "SKILL.md frontmatter: 'description' must not contain XML tags ('<' or '>')."
            : null;
    }

    private static string? Scalar(YamlMappingNode root, string key) =>
        root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    // Only the '---' delimiter lines are found here; everything between them goes to the YAML parser.
    private static string? ExtractYaml(string text)
    {
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        if (reader.ReadLine()?.TrimEnd() != "---")
        {
            return null;
        }

        var yaml = new StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            if (line.TrimEnd() == "---")
            {
                return yaml.ToString();
            }

            yaml.Append(line).Append('\n');
        }

        return null;
    }
}
