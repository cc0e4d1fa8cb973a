namespace Skillgate.Skills;

/// <summary>
/// One problem found in a skill folder, named by the file it is in and, where it has one, the line.
/// <see cref="ToString"/> prints it the way compilers do: <c>SKILL.md:3: error name-format: ...</c>.
/// </summary>
/// <param name="File">The file, relative to the skill folder with <c>/</c> separators (e.g. <c>SKILL.md</c>); <c>.</c> for the folder itself.</param>
/// <param name="Line">The 1-based line in <paramref name="File"/>, or null when the problem has no line (a missing file, the folder's size).</param>
/// <param name="Severity">Error (the skill is invalid) or warning.</param>
/// <param name="Code">A stable, kebab-case code of the rule, e.g. <c>name-format</c> (see <see cref="SkillProblemCodes"/>).</param>
/// <param name="Message">What is wrong, in one sentence.</param>
public sealed record SkillProblem(string File, int? Line, SkillProblemSeverity Severity, string Code, string Message)
{
    /// <summary>Whether the problem makes the skill invalid.</summary>
    public bool IsError => Severity == SkillProblemSeverity.Error;

    /// <inheritdoc />
    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}" : File;
        var severity = IsError ? "error" : "warning";
        return $"{where}: {severity} {Code}: {Message}";
    }
}
