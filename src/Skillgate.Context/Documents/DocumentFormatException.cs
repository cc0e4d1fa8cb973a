namespace Skillgate.Documents;

/// <summary>A document could not be read as the format it claims to be (maps to a 400 invalid_request_error).</summary>
public sealed class DocumentFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentFormatException()
        : this("The document could not be read.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public DocumentFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DocumentFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
