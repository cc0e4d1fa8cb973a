namespace Skillgate.Server.Forwarding;

/// <summary>The upstream's answer, headers read and body not yet; disposing it releases the connection.</summary>
internal sealed class UpstreamResponse(HttpResponseMessage message, IDisposable? lifetime, long sentTimestamp, long headersTimestamp) : IDisposable
{
    public HttpResponseMessage Message { get; } = message;

    /// <summary>When the request left the gateway (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long SentTimestamp { get; } = sentTimestamp;

    /// <summary>When the response headers arrived.</summary>
    public long HeadersTimestamp { get; } = headersTimestamp;

    public void Dispose()
    {
        Message.Dispose();
        lifetime?.Dispose();
    }
}
