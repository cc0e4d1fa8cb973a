namespace Skillgate.Upstream;

/// <summary>
/// The per-upstream circuit breaker: when too many attempts fail (5xx, 529, timeouts, connection failures; not 4xx
/// or 429) the upstream fails fast for <see cref="BreakDuration"/>, then one probe decides whether it closes again.
/// </summary>
public sealed class UpstreamCircuitBreakerOptions
{
    /// <summary>Whether the breaker is on. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The failure share within <see cref="SamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed in the window before the ratio counts. Default 20.</summary>
    public int MinimumThroughput { get; set; } = 20;

    /// <summary>The window over which failures are counted. Default 10 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open before a probe is let through. Default 5 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
