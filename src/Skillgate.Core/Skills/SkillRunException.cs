namespace Skillgate.Skills;

/// <summary>A portable skill run cannot start or did not finish; <see cref="Error"/> says why, the message names the problem.</summary>
public sealed class SkillRunException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">Why the run failed.</param>
    /// <param name="message">What went wrong, naming the skill, file or limit.</param>
    public SkillRunException(SkillRunError error, string message)
        : base(message)
    {
        Error = error;
    }

    /// <summary>Why the run failed.</summary>
    public SkillRunError Error { get; }
}
