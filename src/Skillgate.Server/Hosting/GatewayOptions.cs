namespace Skillgate.Server.Hosting;

/// <summary>
/// Settings of the gateway, bound from the <c>Skillgate</c> configuration section
/// (environment variables override it as <c>Skillgate__Key__Sub</c>). Validated when the host starts.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Skillgate";

    /// <summary>The default request body limit: 32 MB, as the Anthropic API.</summary>
    public const long DefaultMaxRequestBodyBytes = 32L * 1024 * 1024;

    /// <summary>
    /// The address to listen on. Default: <c>0.0.0.0</c> when client keys are configured, otherwise
    /// <c>127.0.0.1</c>. A non-loopback address without client keys is refused.
    /// </summary>
    public string? ListenAddress { get; set; }

    /// <summary>The TCP port to listen on; 0 picks a free port. Default: 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>The largest request body accepted; larger bodies get 413 <c>request_too_large</c>. Default: 32 MB.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>Where requests are forwarded to, and with which keys.</summary>
    public GatewayUpstreamOptions Upstream { get; set; } = new();

    /// <summary>
    /// The keys callers present (<c>x-api-key</c> or <c>Authorization: Bearer</c>), each mapped to a tenant.
    /// Empty (the default): no authentication, and the gateway listens on loopback only.
    /// </summary>
    public IList<ClientKeyOptions> ClientKeys { get; } = [];

    /// <summary>
    /// Keys that open <c>/dashboard</c> and <c>/metrics</c> to callers beyond this machine (<c>x-api-key</c>,
    /// <c>Authorization: Bearer</c>, or HTTP Basic with the key as the password). Each at least 16 characters and never
    /// a client key. Empty (the default): those pages answer loopback callers only (and <c>/metrics</c> anyone while no
    /// client key is configured either).
    /// </summary>
    public IList<string> AdminKeys { get; } = [];

    /// <summary>The WebSocket transport at <c>/v1/ws</c>.</summary>
    public GatewayWebSocketOptions WebSocket { get; set; } = new();

    /// <summary>The conversation endpoints' store and defaults.</summary>
    public GatewayConversationOptions Conversations { get; set; } = new();

    /// <summary>How long a <c>/readyz</c> result is reused before the upstream is probed again. Default: 5 s.</summary>
    public TimeSpan ReadinessCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Claude Skills calls: continuing paused turns.</summary>
    public GatewaySkillsOptions Skills { get; set; } = new();

    /// <summary>Admission through the scheduler (on by default).</summary>
    public GatewaySchedulerOptions Scheduler { get; set; } = new();

    /// <summary>
    /// Redaction of Messages calls, <c>count_tokens</c> and Message Batches before they leave (see docs/redaction.md).
    /// <c>Mode</c> defaults to <c>Pseudonymize</c> (the library's in-process client stays <c>Off</c> unless set): personal data and secrets are replaced by
    /// placeholders upstream and restored in the answers, so callers see no difference; a client key may override it.
    /// </summary>
    public Skillgate.Redaction.RedactionOptions Redaction { get; set; } = new() { Mode = Skillgate.Redaction.RedactionMode.Pseudonymize };

    /// <summary>
    /// Telemetry (section <c>Skillgate:Telemetry</c>): <c>LegacyMetricNames</c> keeps the instrument names of the
    /// previous release beside the GenAI ones. Traces are exported when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
    /// (docs/observability.md).
    /// </summary>
    public Skillgate.Telemetry.TelemetryOptions Telemetry { get; set; } = new();
}
