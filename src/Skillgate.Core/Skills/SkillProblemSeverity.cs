namespace Skillgate.Skills;

/// <summary>How much a <see cref="SkillProblem"/> matters.</summary>
public enum SkillProblemSeverity
{
    /// <summary>Worth fixing, but the skill is valid.</summary>
    Warning,

    /// <summary>The skill is invalid.</summary>
    Error,
}
