namespace Skillgate.Upstream;

/// <summary>One upstream (the Claude API or the simulator): where it is, how to reach it, and its keys.</summary>
public sealed class UpstreamOptions
{
    /// <summary>A unique name, used in metrics, logs and keyed services. Default <c>anthropic</c>.</summary>
    public string Name { get; set; } = "anthropic";

    /// <summary>The base address, e.g. <c>https://api.anthropic.com</c>. Required.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>HTTP version policy. Default <see cref="UpstreamHttpProtocol.Http2WithFallback"/>.</summary>
    public UpstreamHttpProtocol Protocol { get; set; } = UpstreamHttpProtocol.Http2WithFallback;

    /// <summary>The value of the <c>anthropic-version</c> header when the caller sends none. Default <c>2023-06-01</c>.</summary>
    public string AnthropicVersion { get; set; } = "2023-06-01";

    /// <summary>The API keys; at least one.</summary>
    public IList<UpstreamKeyOptions> Keys { get; } = [];

    /// <summary>Upper bound on connections to this upstream (HTTP/2 multiplexes about 100 streams on each). Default 256.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>How long a pooled connection is reused before it is replaced (lets DNS changes take effect). Default 5 min.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an idle pooled connection is kept. Default 90 s.</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Whether to go through the system proxy (<c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>NO_PROXY</c>). Default true.</summary>
    public bool UseProxy { get; set; } = true;

    /// <summary>How long a key rests after a 429 that carried no <c>retry-after</c>. Default 1 s.</summary>
    public TimeSpan KeyCooldown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most bytes of an error body kept (and handed to the caller). Default 64 KiB.</summary>
    public int MaxErrorBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest non-streaming answer accepted; a larger one fails the attempt as a
    /// <see cref="UpstreamErrorKind.ProtocolViolation"/> instead of being buffered. Default 32 MiB (an answer of the most
    /// output tokens any model allows is a few MiB).
    /// </summary>
    public int MaxResponseBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The layered timeouts.</summary>
    public UpstreamTimeoutOptions Timeouts { get; set; } = new();

    /// <summary>Retry policy and budget.</summary>
    public UpstreamRetryOptions Retry { get; set; } = new();

    /// <summary>Circuit breaker.</summary>
    public UpstreamCircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
