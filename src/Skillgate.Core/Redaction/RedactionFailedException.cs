using System.Text.RegularExpressions;

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
        : this($"{message} ({innerException?.GetType().Name})", "api_error",
            innerException is RegexMatchTimeoutException ? RedactionFailureReasons.Timeout : RedactionFailureReasons.Internal)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and an Anthropic error type.</summary>
    public RedactionFailedException(string message, string errorType)
        : this(message, errorType, errorType == "invalid_request_error" ? RedactionFailureReasons.InvalidRequest : RedactionFailureReasons.Internal)
    {
    }

    internal RedactionFailedException(string message, string errorType, string reason)
        : base(message)
    {
        ErrorType = errorType;
        Reason = reason;
    }

    /// <summary>
    /// The Anthropic error type to answer with: <c>invalid_request_error</c> when the request itself is malformed,
    /// <c>api_error</c> when redaction failed internally.
    /// </summary>
    public string ErrorType { get; }

    /// <summary>
    /// Why redaction failed, a short fixed word safe for logs and metric tags: <c>invalid_json</c>, <c>too_deep</c>,
    /// <c>invalid_string</c> (a lone UTF-16 surrogate escape), <c>wrong_type</c>, <c>invalid_request</c> (other
    /// request errors), <c>recognizer</c> (a recognizer or custom validator threw), <c>timeout</c> (a custom pattern
    /// ran too long), <c>vault</c> (a sealed vault did not open) or <c>internal</c>.
    /// </summary>
    public string Reason { get; }
}
