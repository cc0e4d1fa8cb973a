namespace Skillgate.Server.Hosting;

/// <summary>
/// The per-minute limits of one upstream key, shared (<see cref="GatewayUpstreamOptions.KeyLimits"/>) or a tenant's own
/// (<see cref="ClientKeyOptions.UpstreamKeyLimits"/>), as the scheduler seeds its buckets with them (the upstream's
/// <c>anthropic-ratelimit-*</c> headers then correct them). 0 means the <c>Upstream</c> default.
/// </summary>
public sealed class GatewayKeyLimitOptions
{
    /// <summary>Requests per minute (RPM). 0: <see cref="GatewayUpstreamOptions.RequestsPerMinute"/>.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Input tokens per minute (ITPM). 0: <see cref="GatewayUpstreamOptions.InputTokensPerMinute"/>.</summary>
    public int InputTokensPerMinute { get; set; }

    /// <summary>Output tokens per minute (OTPM). 0: <see cref="GatewayUpstreamOptions.OutputTokensPerMinute"/>.</summary>
    public int OutputTokensPerMinute { get; set; }
}
