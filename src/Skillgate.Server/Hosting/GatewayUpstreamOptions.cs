using Skillgate.Upstream;

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
    /// The path prefixes relayed to the upstream besides <c>POST /v1/messages</c> (count_tokens, batches, files, skills,
    /// models, and any endpoint the gateway does not know yet). Default: <c>/v1/</c>, everything. A path outside every
    /// prefix answers 404. Example: <c>["/v1/messages/", "/v1/models"]</c> keeps files and skills away from the upstream.
    /// </summary>
    public IList<string> RelayedPaths { get; } = ["/v1/"];

    /// <summary>
    /// The scheduler's limits for <see cref="Keys"/>, by position (<c>KeyLimits:0</c> is for <c>Keys:0</c>); a key
    /// without an entry, or a 0 in one, gets <see cref="RequestsPerMinute"/>, <see cref="InputTokensPerMinute"/>
    /// and <see cref="OutputTokensPerMinute"/>. A key with no limit configured anywhere starts with unknown limits:
    /// one probe request at a time until the first answer; its <c>anthropic-ratelimit-*</c> headers set the limits,
    /// and an upstream that sends none leaves them unknown (the key is then paced only by its 429s and 529s).
    /// </summary>
    public IList<GatewayKeyLimitOptions> KeyLimits { get; } = [];

    /// <summary>
    /// The requests per minute assumed for an unset dimension of a key whose other limits are configured: 4,000 (tier
    /// 4 of a Sonnet-class model). A key with no limit configured at all is never given these: its limits are unknown
    /// until its upstream reports them (see <see cref="RequestsPerMinute"/>).
    /// </summary>
    public const int FallbackRequestsPerMinute = 4_000;

    /// <summary>The input tokens per minute assumed like <see cref="FallbackRequestsPerMinute"/>: 2,000,000.</summary>
    public const int FallbackInputTokensPerMinute = 2_000_000;

    /// <summary>The output tokens per minute assumed like <see cref="FallbackRequestsPerMinute"/>: 400,000.</summary>
    public const int FallbackOutputTokensPerMinute = 400_000;

    /// <summary>
    /// The default requests per minute of each upstream key. Default: unset. When none of the three defaults nor a
    /// key's <see cref="KeyLimits"/> entry is set, the key's limits are unknown: its first request goes alone (a
    /// probe) and the answer's <c>anthropic-ratelimit-*</c> headers set them, so even a low-tier key's first burst is
    /// paced. An upstream that sends no such headers gets no invented limits: the key is paced only by evidence (a 429
    /// cools it and teaches a request rate, a 529 shrinks concurrency), and the log says so once per key. Set your
    /// tier's to skip the probe.
    /// </summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>The default input tokens per minute of each upstream key. Default: unset (see <see cref="RequestsPerMinute"/>).</summary>
    public int? InputTokensPerMinute { get; set; }

    /// <summary>The default output tokens per minute of each upstream key. Default: unset (see <see cref="RequestsPerMinute"/>).</summary>
    public int? OutputTokensPerMinute { get; set; }

    /// <summary>Retries per call (before the first byte reached the caller). Default: 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// The upstream's circuit breaker (<c>Upstream:CircuitBreaker:...</c>): it opens only when calls keep failing after
    /// their retries (<c>FailureRatio</c> 0.5 of at least <c>MinimumThroughput</c> 20 calls within
    /// <c>SamplingDuration</c> 10 s; 5xx other than 529, timeouts, broken connections) or
    /// <c>ConsecutiveConnectFailures</c> (5) attempts in a row cannot connect; 429, 529 and 4xx never count. Open, it
    /// fails fast with 503 and <c>retry-after</c> when the upstream cannot be reached, and otherwise lets a call wait up
    /// to <c>MaxWaitWhileOpen</c> (10 s, within its deadline) for the probe sent after <c>BreakDuration</c> (5 s).
    /// </summary>
    public UpstreamCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>How long to wait for the upstream's response headers. Default: 10 minutes.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
