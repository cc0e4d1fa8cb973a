using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Scheduling;

/// <summary>Builds schedulers over a fake clock for the tests.</summary>
internal static class SchedulerTestKit
{
    public const string Model = "claude-sonnet-4-5";
    public const string Fallback = "claude-haiku-4-5";

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static SchedulerKeyOptions Key(string name, int rpm = 60, int itpm = 100_000, int otpm = 100_000, double weight = 1)
        => new()
        {
            Name = name,
            ApiKey = $"sk-ant-secret-{name}-0123456789",
            Weight = weight,
            Limits = new RateLimitOptions { RequestsPerMinute = rpm, InputTokensPerMinute = itpm, OutputTokensPerMinute = otpm },
        };

    public static SchedulerOptions Options(params SchedulerKeyOptions[] keys)
        => new()
        {
            // Concurrency is generous unless a test is about it, so held leases do not block admission.
            Upstreams = [new SchedulerUpstreamOptions { Name = "anthropic", Keys = [.. keys], Concurrency = new ConcurrencyOptions { InitialLimit = 10_000, MaxLimit = 10_000 } }],
        };

    public static AdmissionScheduler Create(SchedulerOptions options, FakeTimeProvider time, IMeterFactory? meters = null)
        => (AdmissionScheduler)RequestScheduler.Create(options, time, meters);

    public static AdmissionRequest Request(int input = 100, int maxTokens = 100, string? tenant = null, RequestPriority priority = RequestPriority.Interactive, DateTimeOffset? deadline = null, bool deferrable = false, bool allowFallback = true)
        => new()
        {
            Model = Model,
            MaxTokens = maxTokens,
            EstimatedInputTokens = input,
            Tenant = tenant,
            Priority = priority,
            Deadline = deadline,
            Deferrable = deferrable,
            AllowFallback = allowFallback,
        };

    public static KeyLease Lease(this ValueTask<AdmissionResult> admission)
    {
        Assert.True(admission.IsCompletedSuccessfully, "admission is still waiting");
        var result = admission.Result;
        Assert.True(result.IsAdmitted, $"expected a lease, got {result}");
        return result.Lease;
    }

    public static AdmissionResult Completed(this ValueTask<AdmissionResult> admission)
    {
        Assert.True(admission.IsCompletedSuccessfully, "admission is still waiting");
        return admission.Result;
    }

    public static AdmissionResult Done(this Task<AdmissionResult> admission)
    {
        Assert.True(admission.IsCompletedSuccessfully, "admission is still waiting");
        return admission.Result;
    }
}
