using Skillgate.Scheduling;

namespace Skillgate.Server.Hosting;

/// <summary>
/// Admission of <c>POST /v1/messages</c> (HTTP and WebSocket) through the library's scheduler: the upstream keys'
/// buckets, a bounded priority queue with fair share between tenants, and deadlines.
/// </summary>
public sealed class GatewaySchedulerOptions
{
    /// <summary>Admit requests through the scheduler. Default: true. Needs <see cref="GatewayUpstreamOptions.Transport"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a request may wait for admission when neither the caller (<c>skillgate-deadline-ms</c>) nor its
    /// client key (<see cref="ClientKeyOptions.Deadline"/>) says. If the expected wait is longer, the caller gets
    /// 429 (or 529/503) with <c>retry-after</c> at once. Default: 60 s.
    /// </summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The most requests waiting for admission; more get 503 <c>overloaded_error</c>. Default: 10,000.</summary>
    public int MaxQueueLength { get; set; } = 10_000;

    /// <summary>
    /// Adaptive (AIMD) concurrency per upstream, cut only by 529 overloaded answers. A gateway holds thousands of
    /// long streams at once, so it starts high and lets overloads bring the limit down: defaults
    /// <c>InitialLimit</c> 16,384 and <c>MaxLimit</c> 65,536 (the library's own defaults, 64 and 1,024, suit a
    /// single application). Starting at 64 and doubling per round of requests would hold 10,000 streams of a
    /// few seconds each back for a minute.
    /// </summary>
    public ConcurrencyOptions Concurrency { get; set; } = new() { InitialLimit = 16_384, MaxLimit = 65_536 };
}
