namespace Skillgate.Redaction;

/// <summary>
/// Redaction could not be completed, so the content must not be sent. The message never contains the content;
/// the original exception is deliberately not attached because its message or properties may hold raw text.
/// </summary>
public sealed class RedactionFailedException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RedactionFailedException()
        : this("Redaction failed; the request was not sent.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, which must not contain content.</summary>
    public RedactionFailedException(string message)
        : this(message, "api_error")
    {
    }

    /// <summary>Kept for the exception pattern; <paramref name="innerException"/> is reduced to its type name.</summary>
    public RedactionFailedException(string message, Exception innerException)
        : this($"{message} ({innerException?.GetType().Name})", "api_error")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and an Anthropic error type.</summary>
    public RedactionFailedException(string message, string errorType)
        : base(message)
    {
        ErrorType = errorType;
    }

    /// <summary>
    /// The Anthropic error type to answer with: <c>invalid_request_error</c> when the request itself is malformed,
    /// <c>api_error</c> when redaction failed internally.
    /// </summary>
    public string ErrorType { get; }
}
