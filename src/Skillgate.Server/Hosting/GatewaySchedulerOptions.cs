using Skillgate.Scheduling;

namespace Skillgate.Server.Hosting;

/// <summary>
/// Admission of <c>POST /v1/messages</c> (HTTP and WebSocket) through the library's scheduler: the upstream keys'
/// buckets, a bounded priority queue with fair share between tenants, and deadlines.
/// </summary>
public sealed class GatewaySchedulerOptions
{
    /// <summary>Admit requests through the scheduler. Default: true.</summary>
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

    /// <summary>
    /// How a key is picked among those that can take a request now: <c>MostHeadroom</c> (default), <c>RoundRobin</c>
    /// or <c>Weighted</c> (the gateway's keys all weigh 1, so it acts as round robin).
    /// </summary>
    public KeySelectionPolicy KeySelection { get; set; } = KeySelectionPolicy.MostHeadroom;

    /// <summary>Tokens credited to a tenant per fair-share (deficit round robin) turn, times its weight. At least 1. Default 256.</summary>
    public int FairShareQuantum { get; set; } = 256;

    /// <summary>
    /// Fallback model per requested model (for example a Sonnet model to a Haiku model): when the requested model's
    /// buckets cannot admit a request before its deadline, it goes out on the fallback model (its own buckets), if
    /// the <see cref="DegradationLadder"/> has <c>FallbackModel</c>. Default none.
    /// </summary>
    public IDictionary<string, string> FallbackModels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The degradation ladder, tried in order when the requested model cannot take a request in time: the names of
    /// <see cref="DegradationStep"/> (<c>Queue</c>, <c>FallbackModel</c>, <c>Batch</c>, <c>Shed</c>); must contain
    /// <c>Queue</c>, and <c>Shed</c> always ends it. Null (the default): the library's <c>Queue, FallbackModel, Batch,
    /// Shed</c>. Names rather than the enum so that a misspelt step fails start-up instead of being dropped by the
    /// configuration binder, and null rather than a filled list so that a configured list replaces the default.
    /// </summary>
    public IList<string>? DegradationLadder { get; set; }

    /// <summary>Copies the settings shared with the library's <see cref="SchedulerOptions"/> into <paramref name="target"/>.</summary>
    internal void ApplyTo(SchedulerOptions target)
    {
        target.MaxQueueLength = MaxQueueLength;

        // The deadline decides how long a request may wait; the queue itself does not cut it shorter.
        target.DefaultMaxQueueWait = DefaultDeadline;
        target.KeySelection = KeySelection;
        target.FairShareQuantum = FairShareQuantum;
        target.FallbackModels = FallbackModels is null
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : new Dictionary<string, string>(FallbackModels, StringComparer.Ordinal);
        if (DegradationLadder is not null)
        {
            target.DegradationLadder = [.. DegradationLadder.Select(s => TryParseStep(s, out var step) ? step : (DegradationStep)(-1))];
        }
    }

    /// <summary>Parses a step's name (any case); numbers are refused.</summary>
    internal static bool TryParseStep(string? name, out DegradationStep step)
    {
        step = default;
        return !string.IsNullOrWhiteSpace(name) && !char.IsAsciiDigit(name.Trim()[0]) && name.Trim()[0] != '-'
            && Enum.TryParse(name, ignoreCase: true, out step) && Enum.IsDefined(step);
    }
}
