namespace Skillgate.Skills;

/// <summary>A skill archive cannot be written or extracted; the message names the problem (and the entry, when one is to blame).</summary>
public sealed class SkillArchiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SkillArchiveException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public SkillArchiveException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public SkillArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
