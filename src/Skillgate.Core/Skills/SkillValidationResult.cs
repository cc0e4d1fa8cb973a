namespace Skillgate.Skills;

/// <summary>What <see cref="SkillValidator.Validate"/> found: every problem, and the skill when its folder could be read.</summary>
public sealed class SkillValidationResult
{
    internal SkillValidationResult(string directory, SkillFolder? folder, IReadOnlyList<SkillProblem> problems)
    {
        Directory = directory;
        Folder = folder;
        Problems = problems;
    }

    /// <summary>The folder that was validated, as given.</summary>
    public string Directory { get; }

    /// <summary>The skill folder (its files and, when <c>SKILL.md</c> parsed, its definition); null when the folder cannot be read.</summary>
    public SkillFolder? Folder { get; }

    /// <summary>What <c>SKILL.md</c> says, when its frontmatter parsed and has a name and a description.</summary>
    public SkillDefinition? Definition { get; init; }

    /// <summary>Every problem, in file then line order.</summary>
    public IReadOnlyList<SkillProblem> Problems { get; }

    /// <summary>Whether no problem is an error (warnings allowed).</summary>
    public bool IsValid => !Problems.Any(p => p.IsError);

    /// <summary>The problems that are errors.</summary>
    public IEnumerable<SkillProblem> Errors => Problems.Where(p => p.IsError);
}
