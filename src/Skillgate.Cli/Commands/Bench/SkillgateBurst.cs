using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Hosting;
using Skillgate.Scheduling;
using Skillgate.Simulator;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>
/// The Skillgate way, through the library exactly as a user wires it: <c>AddSkillgate</c> with the keys and their
/// limits, then every request is an <see cref="IUpstreamClient"/> call (scheduler admission on a key's buckets,
/// then the transport: pooled connections, timeouts, retries before the first byte with a new lease, key rotation).
/// Tenant and deadline travel on the <see cref="UpstreamRequest"/>; the response reports the queue wait.
/// </summary>
internal static class SkillgateBurst
{
    public static async Task<BurstRunResult> RunAsync(BurstWorkload workload, CancellationToken cancellationToken)
    {
        await using var sim = await SimulatorHost.StartAsync(workload.SimulatorOptions(), cancellationToken);
        var services = new ServiceCollection();
        services.AddSkillgate(options => Configure(options, workload, sim.BaseAddress));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IUpstreamClient>();
        var estimator = provider.GetRequiredService<ITokenEstimator>();
        var outcomes = new string?[workload.Count];
        var waits = new double[workload.Count];
        var doneAt = new double[workload.Count];
        var clock = Stopwatch.StartNew();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(110);

        async Task SendAsync(int i)
        {
            var body = workload.Body(i);
            var estimate = BurstWorkload.EstimateInput(estimator, body);
            try
            {
                var response = await client.SendAsync(
                    new UpstreamRequest(body, stream: false)
                    {
                        Model = BurstWorkload.Model,
                        MaxTokens = workload.Settings.MaxTokens,
                        EstimatedInputTokens = estimate.Tokens,
                        Tenant = workload.Tenants[i],
                        Deadline = deadline,
                    },
                    cancellationToken);
                var usage = response.Usage;
                estimator.Observe(estimate, usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens);
                outcomes[i] = null;
                waits[i] = response.QueueWait.TotalMilliseconds;
            }
            catch (UpstreamException ex)
            {
                outcomes[i] = ex.StatusCode switch
                {
                    429 => "rate_limited",
                    529 or 503 => "overloaded",
                    504 => "timeout",
                    _ => "other",
                };
            }

            doneAt[i] = clock.Elapsed.TotalSeconds;
        }

        await Task.WhenAll(Enumerable.Range(0, workload.Count).Select(SendAsync));
        var seconds = clock.Elapsed.TotalSeconds;
        var sorted = waits.Order().ToList();
        return BurstRunResult.From("skillgate", workload, outcomes, sim.GetStats(), seconds) with
        {
            QueueWaitP50Ms = BurstWorkload.Percentile(sorted, 0.50),
            QueueWaitP99Ms = BurstWorkload.Percentile(sorted, 0.99),
            QueueWaitMaxMs = sorted[^1],
            Tenants = [.. Enumerable.Range(0, workload.Count)
                .GroupBy(i => workload.Tenants[i])
                .OrderBy(g => g.Key.Length).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var tenantWaits = g.Select(i => waits[i]).Order().ToList();
                    return new TenantResult(g.Key, g.Count(), g.Count(i => outcomes[i] is null),
                        BurstWorkload.Percentile(tenantWaits, 0.50), BurstWorkload.Percentile(tenantWaits, 0.99), g.Max(i => doneAt[i]));
                })],
        };
    }

    private static void Configure(SkillgateOptions options, BurstWorkload workload, Uri simulator)
    {
        var upstream = new UpstreamOptions { Name = "simulator", BaseAddress = simulator, Protocol = UpstreamHttpProtocol.Http11, MaxConnections = 512 };
        for (var i = 0; i < workload.Keys.Count; i++)
        {
            upstream.Keys.Add(new UpstreamKeyOptions { Id = $"key-{i}", Value = workload.Keys[i] });
        }

        options.Upstreams.Add(upstream);
        options.EnableScheduler = true;
        if (!workload.Settings.UnknownLimits)
        {
            options.DefaultKeyLimits = new RateLimitOptions
            {
                RequestsPerMinute = workload.RequestsPerMinute,
                InputTokensPerMinute = workload.InputTokensPerMinute,
                OutputTokensPerMinute = workload.OutputTokensPerMinute,
            };
        }

        options.Scheduler.MaxQueueLength = workload.Count + 1;
    }
}
