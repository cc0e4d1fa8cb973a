using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Scheduling;
using Skillgate.Simulator;
using Skillgate.Tokens;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>
/// The Skillgate way: every request asks the scheduler for a lease, then goes to the simulator over a
/// pooled <see cref="HttpClient"/>; the lease is ended with the outcome (usage and rate-limit headers).
/// A 429/529 retries with a new lease, as the transport does before anything reached the caller.
/// </summary>
internal static class SkillgateBurst
{
    private const int MaxAttempts = 5;

    public static async Task<BurstRunResult> RunAsync(BurstWorkload workload, CancellationToken cancellationToken)
    {
        await using var sim = await SimulatorHost.StartAsync(workload.SimulatorOptions(), cancellationToken);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        using var http = new HttpClient(handler) { BaseAddress = sim.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var scheduler = RequestScheduler.Create(SchedulerOptions(workload));
        var estimator = TokenEstimators.Create();
        var outcomes = new string?[workload.Count];
        var waits = new double[workload.Count];
        var doneAt = new double[workload.Count];
        var clock = Stopwatch.StartNew();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(110);

        async Task SendAsync(int i)
        {
            var body = workload.Body(i);
            var estimate = BurstWorkload.EstimateInput(estimator, body);
            var request = new AdmissionRequest
            {
                Model = BurstWorkload.Model,
                MaxTokens = workload.Settings.MaxTokens,
                EstimatedInputTokens = estimate.Tokens,
                Tenant = workload.Tenants[i],
                Deadline = deadline,
            };
            var wait = TimeSpan.Zero;
            string? failure = "other";
            for (var attempt = 0; attempt < MaxAttempts && failure is not null; attempt++)
            {
                var admission = await scheduler.AdmitAsync(request, cancellationToken);
                if (!admission.IsAdmitted)
                {
                    failure = admission.RejectionKind == RejectionKind.RateLimited ? "rate_limited" : "overloaded";
                    break;
                }

                using var lease = admission.Lease;
                wait += lease.QueueWait;
                (failure, var usage) = await SendOnceAsync(http, lease, body, cancellationToken);
                if (usage is not null)
                {
                    estimator.Observe(estimate, usage.InputTokens + (usage.CacheCreationInputTokens ?? 0) + (usage.CacheReadInputTokens ?? 0));
                }
            }

            outcomes[i] = failure;
            waits[i] = wait.TotalMilliseconds;
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

    private static SchedulerOptions SchedulerOptions(BurstWorkload workload) => new()
    {
        MaxQueueLength = workload.Count + 1,
        Upstreams =
        [
            new SchedulerUpstreamOptions
            {
                Name = "simulator",
                Keys = [.. workload.Keys.Select((k, i) => new SchedulerKeyOptions
                {
                    Name = $"key-{i}",
                    ApiKey = k,
                    Limits = new RateLimitOptions
                    {
                        RequestsPerMinute = workload.Settings.RequestsPerMinute,
                        InputTokensPerMinute = workload.InputTokensPerMinute,
                        OutputTokensPerMinute = workload.OutputTokensPerMinute,
                    },
                })],
            },
        ],
    };

    /// <summary>One attempt; returns null and the usage on success, or the failure kind.</summary>
    private static async Task<(string? Failure, Usage? Usage)> SendOnceAsync(HttpClient http, KeyLease lease, byte[] body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add("x-api-key", lease.ApiKey);
        message.Headers.Add("anthropic-version", "2023-06-01");
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            lease.Fail();
            return (ex is TaskCanceledException ? "timeout" : "other", null);
        }

        using (response)
        {
            var snapshot = RateLimitSnapshot.Read(name => response.Headers.TryGetValues(name, out var v) ? v.FirstOrDefault() : null, DateTimeOffset.UtcNow);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    var message1 = JsonSerializer.Deserialize(bytes, ProtocolJsonContext.Default.Message);
                    var usage = message1?.Usage ?? new Usage();
                    lease.Complete(usage, snapshot);
                    return (null, usage);
                case HttpStatusCode.TooManyRequests:
                    lease.RateLimited(snapshot.RetryAfter, snapshot);
                    return ("rate_limited", null);
                case (HttpStatusCode)529:
                    lease.Overloaded(snapshot);
                    return ("overloaded", null);
                case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                    lease.Unauthorized();
                    return ("other", null);
                default:
                    lease.Fail();
                    return ("other", null);
            }
        }
    }
}
