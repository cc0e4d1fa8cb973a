namespace Skillgate.Cli.Commands.Skills;

/// <summary>The skeleton <c>skills new</c> writes: a valid <c>SKILL.md</c> and a sample reference file it links to.</summary>
internal static class SkillTemplate
{
    public static IReadOnlyList<(string Path, string Content)> Files(string name, string? description) =>
    [
        ("SKILL.md", $"""
            ---
            name: {name}
            description: {Quote(description ?? $"Describe what {name} does and when Claude should use it, in the third person.")}
            license: Apache-2.0
            metadata:
              version: "0.1.0"
            ---

            # {Title(name)}

            ## When to use

            Say when this skill applies: the requests, files or words that should bring it in.

            ## Instructions

            1. Keep this file short: it is loaded whole once the skill is chosen.
            2. Put detail Claude needs only sometimes in `references/` and link to it, for example
               [the reference](references/REFERENCE.md); it is read only when needed.
            3. Put scripts in `scripts/` and templates or data in `assets/`.

            """),
        ("references/REFERENCE.md", $"""
            # {Title(name)} reference

            Detail that `SKILL.md` links to: API notes, schemas, long examples. Claude reads this file only when the
            instructions point it here, so it costs no context until then.

            """),
    ];

    private static string Title(string name) =>
        string.Join(' ', name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    // A double-quoted YAML scalar takes any text with only backslash and quote escaped.
    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal) + "\"";
}
