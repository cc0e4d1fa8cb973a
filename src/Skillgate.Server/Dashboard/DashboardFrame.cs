using System.Text.Json.Serialization;
using Skillgate.Scheduling;

namespace Skillgate.Server.Dashboard;

/// <summary>One update of the dashboard, sent as one SSE event: the state now and the last minutes of points.</summary>
internal sealed record DashboardFrame(
    long Time,
    SchedulerSnapshot? Scheduler,
    IReadOnlyDictionary<string, long> Gauges,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<DashboardTokens> Tokens,
    IReadOnlyList<DashboardPoint> Points);

/// <summary>One second on the charts.</summary>
internal sealed record DashboardPoint(
    long Time,
    DashboardPercentiles Latency,
    DashboardPercentiles TimeToFirstToken,
    long Requests,
    long Upstream429,
    long Upstream529,
    long Retries,
    long Queued,
    long Streams);

/// <summary>p50, p95 and p99 in milliseconds; null when the second had no sample.</summary>
internal sealed record DashboardPercentiles(double? P50, double? P95, double? P99);

/// <summary>Tokens in and out since the dashboard was opened, for one tenant (or tenant and model) or one model.</summary>
internal sealed record DashboardTokens(string Group, string Name, long Input, long Output);

/// <summary>What <see cref="DashboardMeters"/> heard: this second's percentiles and the running totals.</summary>
internal sealed record DashboardReading(
    DashboardPercentiles Latency,
    DashboardPercentiles TimeToFirstToken,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<DashboardTokens> Tokens);

/// <summary>The dashboard's JSON, source-generated.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(DashboardFrame))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
