using BenchmarkDotNet.Attributes;
using Skillgate.Scheduling;

namespace Skillgate.Benchmarks.Scheduling;

/// <summary>
/// One admission and its lease's end when a key has headroom and nobody waits: the common case at 2,000 req/s
/// with limits configured. Run it on two builds to compare (issue 11, part 4): before the fast path this queued a
/// waiter, created a completion source and a list, and estimated the wait over every key.
/// </summary>
[MemoryDiagnoser]
public class AdmissionBenchmarks
{
    private static readonly TokenUsage Usage = new(InputTokens: 40, OutputTokens: 8, CacheCreationInputTokens: 0, CacheReadInputTokens: 0);
    private IRequestScheduler _scheduler = null!;
    private AdmissionRequest _request = null!;
    private AdmissionRequest _tenantRequest = null!;

    [Params(1, 16)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var upstream = new SchedulerUpstreamOptions { Name = "anthropic" };
        for (var i = 0; i < Keys; i++)
        {
            upstream.Keys.Add(new SchedulerKeyOptions
            {
                Name = $"k{i}",
                ApiKey = $"sk-ant-bench-{i}-0123456789abcdef",
                Limits = new RateLimitOptions { RequestsPerMinute = 100_000_000, InputTokensPerMinute = 1_000_000_000, OutputTokensPerMinute = 1_000_000_000 },
            });
        }

        _scheduler = RequestScheduler.Create(new SchedulerOptions { Upstreams = [upstream] });
        _request = new AdmissionRequest { Model = "claude-sonnet-4-5", MaxTokens = 64, EstimatedInputTokens = 40 };
        _tenantRequest = new AdmissionRequest { Model = "claude-sonnet-4-5", MaxTokens = 64, EstimatedInputTokens = 40, Tenant = "acme", Upstream = "anthropic", Deadline = DateTimeOffset.MaxValue };
    }

    [GlobalCleanup]
    public void Cleanup() => _scheduler.Dispose();

    [Benchmark(Baseline = true)]
    public bool AdmitThenComplete()
    {
        var result = _scheduler.AdmitAsync(_request).GetAwaiter().GetResult();
        result.Lease!.Complete(Usage);
        return result.IsAdmitted;
    }

    [Benchmark]
    public bool AdmitThenComplete_TenantUpstreamDeadline()
    {
        var result = _scheduler.AdmitAsync(_tenantRequest).GetAwaiter().GetResult();
        result.Lease!.Complete(Usage);
        return result.IsAdmitted;
    }
}
