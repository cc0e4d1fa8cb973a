namespace Skillgate.Context;

/// <summary>
/// A message refused before it is stored: a block the view builder could not read or the Messages API refuses
/// (a number where text belongs, a tool_use in a user turn, a tool_result that answers no tool_use).
/// </summary>
public sealed class InvalidMessageException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidMessageException()
        : this("The message is not a valid Messages API message.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message, starting with the path of the field at fault (<c>content.2.text: ...</c>).</param>
    public InvalidMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
