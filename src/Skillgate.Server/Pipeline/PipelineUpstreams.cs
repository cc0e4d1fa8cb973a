using Skillgate.Hosting;
using Skillgate.Scheduling;
using Skillgate.Server.Auth;
using Skillgate.Server.Hosting;
using Skillgate.Upstream;

namespace Skillgate.Server.Pipeline;

/// <summary>
/// The transport upstreams the gateway configures, and the scheduler over their keys: <c>gateway</c> for the shared
/// <c>Upstream:Keys</c>, <c>tenant-NAME</c> for a tenant that pins its own keys, and <c>gateway-direct</c> (the shared
/// keys without admission) when a tenant without its own keys opts out of scheduling. The one place the gateway's
/// options become the library's (<see cref="UpstreamOptions"/>, <see cref="SchedulerOptions"/>); keys are named as the
/// library names them (<see cref="SkillgateOptions.DefaultKeyId"/>).
/// </summary>
internal static class PipelineUpstreams
{
    public const string Shared = "gateway";
    public const string SharedDirect = "gateway-direct";

    public static string ForTenant(string tenant) => "tenant-" + tenant;

    public static string NameFor(Tenant tenant, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(options);
        return tenant.UpstreamKeys.Length > 0 ? ForTenant(tenant.Name)
            : tenant.Scheduling || !options.Scheduler.Enabled ? Shared
            : SharedDirect;
    }

    /// <summary>Each transport upstream with whether the scheduler admits its requests.</summary>
    public static IEnumerable<(UpstreamOptions Transport, bool Scheduled)> All(GatewayOptions options) =>
        Configured(options).Select(u => (u.Transport, u.Scheduled));

    /// <summary>Each transport upstream, whether it is scheduled, and its keys' configured limits by position.</summary>
    private static IEnumerable<(UpstreamOptions Transport, bool Scheduled, IList<GatewayKeyLimitOptions> KeyLimits)> Configured(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var upstream = options.Upstream;
        var scheduler = options.Scheduler.Enabled;
        yield return (Transport(Shared, upstream, upstream.Keys), scheduler, upstream.KeyLimits);
        if (options.ClientKeys.Any(k => !k.Scheduling && k.UpstreamKeys.Count == 0))
        {
            yield return (Transport(SharedDirect, upstream, upstream.Keys), false, upstream.KeyLimits);
        }

        foreach (var key in options.ClientKeys.Where(k => k.UpstreamKeys.Count > 0).DistinctBy(k => k.Tenant))
        {
            yield return (Transport(ForTenant(key.Tenant), upstream, key.UpstreamKeys), scheduler && key.Scheduling, key.UpstreamKeyLimits);
        }
    }

    /// <summary>
    /// The scheduler over every scheduled upstream's keys, each seeded with its own configured limits (shared or a
    /// tenant's), and with every tenant's fair-share weight.
    /// </summary>
    public static SchedulerOptions Scheduler(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new SchedulerOptions();
        options.Scheduler.ApplyTo(result);
        foreach (var key in options.ClientKeys.DistinctBy(k => k.Tenant))
        {
            result.TenantWeights[key.Tenant] = key.Weight;
        }

        foreach (var (transport, scheduled, keyLimits) in Configured(options))
        {
            if (!scheduled)
            {
                continue;
            }

            var concurrency = options.Scheduler.Concurrency;

            // Each upstream its own copy, so that nothing done to one scheduler upstream's settings reaches another's.
            var upstream = new SchedulerUpstreamOptions
            {
                Name = transport.Name,
                Concurrency = new ConcurrencyOptions
                {
                    InitialLimit = concurrency.InitialLimit,
                    MinLimit = concurrency.MinLimit,
                    MaxLimit = concurrency.MaxLimit,
                    BackoffRatio = concurrency.BackoffRatio,
                    DecreaseInterval = concurrency.DecreaseInterval,
                },
            };
            for (var i = 0; i < transport.Keys.Count; i++)
            {
                var configured = i < keyLimits.Count ? keyLimits[i] : null;
                upstream.Keys.Add(new SchedulerKeyOptions
                {
                    Name = transport.Name + "/" + transport.Keys[i].Id,
                    ApiKey = transport.Keys[i].Value!,
                    Limits = LimitsFor(options.Upstream, configured),
                    LimitsUnknown = !HasLimits(options.Upstream, configured),
                });
            }

            result.Upstreams.Add(upstream);
        }

        return result;
    }

    private static RateLimitOptions LimitsFor(GatewayUpstreamOptions upstream, GatewayKeyLimitOptions? configured) => new()
    {
        RequestsPerMinute = configured is { RequestsPerMinute: > 0 } ? configured.RequestsPerMinute
            : upstream.RequestsPerMinute ?? GatewayUpstreamOptions.FallbackRequestsPerMinute,
        InputTokensPerMinute = configured is { InputTokensPerMinute: > 0 } ? configured.InputTokensPerMinute
            : upstream.InputTokensPerMinute ?? GatewayUpstreamOptions.FallbackInputTokensPerMinute,
        OutputTokensPerMinute = configured is { OutputTokensPerMinute: > 0 } ? configured.OutputTokensPerMinute
            : upstream.OutputTokensPerMinute ?? GatewayUpstreamOptions.FallbackOutputTokensPerMinute,
    };

    // Any limit configured for the key (its KeyLimits entry or the upstream's defaults) makes its limits known.
    private static bool HasLimits(GatewayUpstreamOptions upstream, GatewayKeyLimitOptions? configured) =>
        configured is { RequestsPerMinute: > 0 } or { InputTokensPerMinute: > 0 } or { OutputTokensPerMinute: > 0 }
        || upstream.RequestsPerMinute is not null || upstream.InputTokensPerMinute is not null || upstream.OutputTokensPerMinute is not null;

    private static UpstreamOptions Transport(string name, GatewayUpstreamOptions upstream, IList<string> keys)
    {
        var transport = new UpstreamOptions
        {
            Name = name,
            BaseAddress = upstream.BaseUrl,
            Protocol = upstream.Http2 ? UpstreamHttpProtocol.Http2Only
                : upstream.BaseUrl?.Scheme == Uri.UriSchemeHttps ? UpstreamHttpProtocol.Http2WithFallback
                : UpstreamHttpProtocol.Http11,
            MaxConnections = upstream.MaxConnections,
        };
        transport.Retry.MaxRetries = upstream.MaxRetries;
        var breaker = upstream.CircuitBreaker;
        transport.CircuitBreaker = new UpstreamCircuitBreakerOptions
        {
            Enabled = breaker.Enabled,
            FailureRatio = breaker.FailureRatio,
            MinimumThroughput = breaker.MinimumThroughput,
            SamplingDuration = breaker.SamplingDuration,
            BreakDuration = breaker.BreakDuration,
            ConsecutiveConnectFailures = breaker.ConsecutiveConnectFailures,
            MaxWaitWhileOpen = breaker.MaxWaitWhileOpen,
        };
        transport.Timeouts.Connect = upstream.ConnectTimeout;
        for (var i = 0; i < keys.Count; i++)
        {
            transport.Keys.Add(new UpstreamKeyOptions { Id = SkillgateOptions.DefaultKeyId(i), Value = keys[i] });
        }

        return transport;
    }
}
