using System.Text;

namespace Skillgate.Simulator.Skills;

/// <summary>Anthropic's pre-built skills as the API lists them (<c>source=anthropic</c>): <c>pdf</c>, <c>docx</c>,
/// <c>xlsx</c>, <c>pptx</c>, each with one date-versioned version whose <c>SKILL.md</c> the simulated model reads.</summary>
internal static class BuiltInSkills
{
    public const string Version = "20251013";

    private static readonly DateTimeOffset Published = new(2025, 10, 13, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Id, string Title, string Description)[] Definitions =
    [
        ("pdf", "PDF", "Comprehensive PDF manipulation toolkit for extracting text and tables, creating new PDFs, merging and splitting documents, and handling forms."),
        ("docx", "Word (docx)", "Comprehensive document creation, editing, and analysis with support for tracked changes, comments, formatting preservation, and text extraction."),
        ("xlsx", "Excel (xlsx)", "Comprehensive spreadsheet creation, editing, and analysis with support for formulas, formatting, data analysis, and visualization."),
        ("pptx", "PowerPoint (pptx)", "Presentation creation, editing, and analysis: layouts, speaker notes, charts and templates."),
    ];

    public static IReadOnlyList<StoredSkill> Create()
    {
        var skills = new List<StoredSkill>();
        foreach (var (id, title, description) in Definitions)
        {
            var skillMd = $"---\nname: {id}\ndescription: {description}\nlicense: Proprietary\n---\n\n# {title}\n\n"
                + $"Use this skill to work with .{id} files. Run the bundled scripts from /skills/{id}/scripts.\n";
            var skill = new StoredSkill
            {
                Id = id,
                Source = StoredSkill.Anthropic,
                Name = id,
                DisplayTitle = title,
                CreatedAt = Published,
                UpdatedAt = Published,
            };
            skill.Versions.Add(new StoredSkillVersion
            {
                Id = Version,
                Version = Version,
                SkillId = id,
                Name = id,
                Description = description,
                Directory = id,
                SkillMd = skillMd,
                Files = [new SkillFile("SKILL.md", Encoding.UTF8.GetBytes(skillMd))],
                CreatedAt = Published,
            });
            skills.Add(skill);
        }

        return skills;
    }
}
