namespace Skillgate.Server.Hosting;

/// <summary>The upstream the gateway forwards to: the Anthropic API or a simulator.</summary>
public sealed class GatewayUpstreamOptions
{
    /// <summary>The upstream's base URL, e.g. <c>https://api.anthropic.com</c>. Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The upstream API keys; requests rotate over them. They never leave the server. At least one is required.</summary>
    public IList<string> Keys { get; } = [];

    /// <summary>
    /// Speak HTTP/2 to the upstream (cleartext h2c for <c>http://</c> URLs), so that thousands of streams
    /// share a few connections. Default: false for <c>http://</c> (HTTP/1.1), HTTPS negotiates HTTP/2 anyway.
    /// </summary>
    public bool Http2 { get; set; }

    /// <summary>The most connections per upstream server. Default: 1024.</summary>
    public int MaxConnections { get; set; } = 1024;

    /// <summary>How long to wait for a connection to the upstream. Default: 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Route <c>POST /v1/messages</c> and <c>count_tokens</c> through the library's upstream transport
    /// (<c>Skillgate.Upstream</c>: retries before the first byte, key rotation on 429, circuit breaking) instead of
    /// plain forwarding. Default: false. With it, retried failures never reach the caller, and the upstream's
    /// <c>anthropic-ratelimit-*</c> headers do not either (the transport does not hand them on).
    /// </summary>
    public bool Transport { get; set; }

    /// <summary>Retries per call when <see cref="Transport"/> is on. Default: 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>How long to wait for the upstream's response headers. Default: 10 minutes.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
