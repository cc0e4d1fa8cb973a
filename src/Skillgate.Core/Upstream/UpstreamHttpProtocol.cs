namespace Skillgate.Upstream;

/// <summary>How the transport speaks HTTP to an upstream.</summary>
public enum UpstreamHttpProtocol
{
    /// <summary>HTTP/2 over TLS when the server offers it through ALPN, HTTP/1.1 otherwise. The default.</summary>
    Http2WithFallback = 0,

    /// <summary>HTTP/1.1 only: one request per connection at a time.</summary>
    Http11 = 1,

    /// <summary>
    /// HTTP/2 with prior knowledge (h2c on a plain-text <c>http://</c> address, or h2 only over TLS): requests fail
    /// rather than fall back. Use it for the simulator so that thousands of streams share a few connections.
    /// </summary>
    Http2Only = 2,
}
