namespace Skillgate.Server.Hosting;

/// <summary>One key a caller may present to the gateway, and the tenant it stands for.</summary>
public sealed class ClientKeyOptions
{
    /// <summary>The key itself (compared in constant time; never logged). Required, at least 8 characters.</summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// The tenant the key belongs to; metrics and fair share are per tenant. Required. Keys that share a tenant share its
    /// settings (priority, weight, quota, upstream keys and their limits, redaction, deadline, scheduling), so they must agree on them.
    /// </summary>
    public string Tenant { get; set; } = "";

    /// <summary>The tenant's priority, 0 (highest) to 9 (lowest). Default: 5.</summary>
    public int Priority { get; set; } = 5;

    /// <summary>
    /// The tenant's fair-share weight in the scheduler's queue: while several tenants of one class (priorities 0-5
    /// interactive, 6-9 batch) wait for admission, each is admitted in proportion to its weight (in tokens), so a tenant
    /// of weight 3 gets three times the share of one of weight 1. A positive number. Default: 1.
    /// </summary>
    public double Weight { get; set; } = 1;

    /// <summary>The tenant's quota in requests per minute; 0 (the default) means no quota. Over it: 429 <c>rate_limit_error</c>.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>
    /// Upstream keys reserved for this tenant (e.g. its own Anthropic workspace key); empty (the default)
    /// means the shared <c>Upstream:Keys</c>. A key here may not also be a shared one or another tenant's.
    /// </summary>
    public IList<string> UpstreamKeys { get; } = [];

    /// <summary>
    /// The scheduler's limits for <see cref="UpstreamKeys"/>, by position (<c>UpstreamKeyLimits:0</c> is for
    /// <c>UpstreamKeys:0</c>); a key without an entry, or a 0 in one, gets the <c>Upstream</c> defaults
    /// (<see cref="GatewayUpstreamOptions.RequestsPerMinute"/> and the token limits), as <c>Upstream:KeyLimits</c> does.
    /// </summary>
    public IList<GatewayKeyLimitOptions> UpstreamKeyLimits { get; } = [];

    /// <summary>
    /// The tenant's redaction mode, overriding <c>Redaction:Mode</c>; null (the default) keeps the gateway's.
    /// </summary>
    public Skillgate.Redaction.RedactionMode? Redaction { get; set; }

    /// <summary>
    /// How long the tenant's requests may wait for admission when the caller sends no <c>skillgate-deadline-ms</c>;
    /// null (the default) means <c>Scheduler:DefaultDeadline</c>.
    /// </summary>
    public TimeSpan? Deadline { get; set; }

    /// <summary>
    /// Admit the tenant's requests through the scheduler. Default: true. False sends them to the transport at once,
    /// its keys rotating round robin, for a caller that paces itself and wants the upstream's own 429s.
    /// </summary>
    public bool Scheduling { get; set; } = true;
}
