using Skillgate.Simulator;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>What one side of the burst achieved.</summary>
internal sealed record BurstRunResult
{
    public required string Mode { get; init; }

    public required int Requests { get; init; }

    public required int Successes { get; init; }

    /// <summary>Failures seen by callers, by kind (rate_limited, overloaded, timeout, other).</summary>
    public required IReadOnlyDictionary<string, int> Failures { get; init; }

    /// <summary>Requests the simulator received (every attempt).</summary>
    public required long UpstreamRequests { get; init; }

    /// <summary>429s the simulator sent.</summary>
    public required long Upstream429 { get; init; }

    /// <summary>529s the simulator sent.</summary>
    public required long Upstream529 { get; init; }

    public required double DurationSeconds { get; init; }

    /// <summary>Successes over what the binding limit allows in max(run time, the time the limit needs for the whole burst).</summary>
    public required double GoodputShare { get; init; }

    public required double GoodputPerSecond { get; init; }

    /// <summary>The time the keys' limits need for the whole burst over the run's time, at most 1; 0 when some caller failed (a run that gives up is not fast).</summary>
    public required double Pace { get; init; }

    /// <summary>Queue wait (all admissions of a request summed) percentiles; null for the naive side.</summary>
    public double? QueueWaitP50Ms { get; init; }

    public double? QueueWaitP99Ms { get; init; }

    public double? QueueWaitMaxMs { get; init; }

    public IReadOnlyList<TenantResult> Tenants { get; init; } = [];

    public int FailureCount => Failures.Values.Sum();

    /// <summary>The counts both sides report: caller outcomes (null = success) and the simulator's ground truth.</summary>
    public static BurstRunResult From(string mode, BurstWorkload workload, string?[] outcomes, SimulatorStats stats, double seconds)
    {
        var successes = outcomes.Count(o => o is null);
        return new BurstRunResult
        {
            Mode = mode,
            Requests = workload.Count,
            Successes = successes,
            Failures = outcomes.Where(o => o is not null).GroupBy(o => o!).ToDictionary(g => g.Key, g => g.Count()),
            UpstreamRequests = stats.Requests,
            Upstream429 = stats.RateLimited,
            Upstream529 = stats.Overloaded,
            DurationSeconds = seconds,
            GoodputShare = workload.GoodputShare(successes, seconds),
            GoodputPerSecond = successes / seconds,
            Pace = successes < workload.Count ? 0 : Math.Min(1, workload.IdealSeconds / seconds),
        };
    }
}

/// <summary>One tenant's share of a run.</summary>
internal sealed record TenantResult(string Tenant, int Requests, int Successes, double? QueueWaitP50Ms, double? QueueWaitP99Ms, double? DoneAtSeconds);
