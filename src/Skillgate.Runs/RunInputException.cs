namespace Skillgate.Runs;

/// <summary>A run cannot start: bad input, template or output path. Thrown before any request is sent.</summary>
public sealed class RunInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunInputException()
    {
    }

    /// <summary>Creates the exception with a message for the user.</summary>
    public RunInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RunInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
