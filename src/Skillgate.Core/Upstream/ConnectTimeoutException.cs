namespace Skillgate.Upstream;

/// <summary>Thrown by the connect callback when the TCP connect phase alone exceeds its timeout.</summary>
internal sealed class ConnectTimeoutException : TimeoutException
{
    public ConnectTimeoutException()
        : base("The upstream connection was not established in time.")
    {
    }

    public ConnectTimeoutException(string message)
        : base(message)
    {
    }

    public ConnectTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
