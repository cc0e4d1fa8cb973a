namespace Skillgate.WebSockets;

/// <summary>A stream ended with an error frame (the gateway's or the upstream's, in Anthropic's shape).</summary>
public sealed class GatewayStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayStreamException(int status, string errorType, string message, string? requestId = null)
        : base(message)
    {
        Status = status;
        ErrorType = errorType;
        RequestId = requestId;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public GatewayStreamException()
        : this(500, "api_error", "The stream failed.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public GatewayStreamException(string message)
        : this(500, "api_error", message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public GatewayStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        ErrorType = "api_error";
    }

    /// <summary>The HTTP status the error stands for (e.g. 429, 529).</summary>
    public int Status { get; }

    /// <summary>The Anthropic error type, e.g. <c>rate_limit_error</c>.</summary>
    public string ErrorType { get; }

    /// <summary>The upstream's request id, when known.</summary>
    public string? RequestId { get; }
}
