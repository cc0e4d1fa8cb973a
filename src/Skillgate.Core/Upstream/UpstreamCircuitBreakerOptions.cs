namespace Skillgate.Upstream;

/// <summary>
/// The per-upstream circuit breaker. It opens only on evidence that the upstream is unavailable, never on the transient
/// faults that retries get past: calls whose <em>final</em> outcome (after retries) is a server error (500, 502, 503,
/// 504 — not 529), a timeout before the answer, or a broken connection make up <see cref="FailureRatio"/> of the calls
/// within <see cref="SamplingDuration"/> (at least <see cref="MinimumThroughput"/> calls); or
/// <see cref="ConsecutiveConnectFailures"/> attempts in a row could not even connect (refused, connect or TLS timeout).
/// 429 and 529 are capacity signals (the scheduler's cooldown and concurrency), and no 4xx counts. While open, a call
/// that can wait (its deadline, at most <see cref="MaxWaitWhileOpen"/>) waits for the probe's verdict; an upstream that
/// cannot be reached fails fast with 503 and <c>retry-after</c>. After <see cref="BreakDuration"/> one call probes.
/// </summary>
public sealed class UpstreamCircuitBreakerOptions
{
    /// <summary>Whether the breaker is on. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The share of calls (final outcomes, after retries) failing for unavailability within <see cref="SamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls (not attempts) needed in the window before the ratio counts. Default 20.</summary>
    public int MinimumThroughput { get; set; } = 20;

    /// <summary>The window over which final outcomes are counted. Default 10 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open before one call is let through as the probe. Default 5 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Attempts in a row that could not connect (connection refused, connect or TLS handshake timeout), with no answer
    /// from the upstream between them, that open the circuit at once: the upstream is not there. Default 5.
    /// </summary>
    public int ConsecutiveConnectFailures { get; set; } = 5;

    /// <summary>
    /// The longest a call waits, while the circuit is open because the upstream failed (not because it cannot be
    /// reached), for the probe's verdict, and never past the call's deadline; a call that cannot wait until the probe
    /// is let through fails at once with 503 and <c>retry-after</c>. Zero: always fail fast. Default 10 s.
    /// </summary>
    public TimeSpan MaxWaitWhileOpen { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Adds a message naming the key (under <paramref name="prefix"/>) for each invalid setting.</summary>
    /// <param name="prefix">The configuration path of these options, e.g. <c>Skillgate:Upstream:CircuitBreaker</c>.</param>
    /// <param name="errors">Where the messages go.</param>
    public void Validate(string prefix, ICollection<string> errors)
    {
        if (!Enabled)
        {
            return;
        }

        if (FailureRatio is <= 0 or > 1 || double.IsNaN(FailureRatio))
        {
            errors.Add($"{prefix}:FailureRatio must be in (0, 1] (was {FailureRatio}).");
        }

        if (MinimumThroughput < 2)
        {
            errors.Add($"{prefix}:MinimumThroughput must be at least 2 (was {MinimumThroughput}).");
        }

        if (SamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            errors.Add($"{prefix}:SamplingDuration must be at least 500 ms (was {SamplingDuration}).");
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{prefix}:BreakDuration must be at least 100 ms (was {BreakDuration}).");
        }

        if (ConsecutiveConnectFailures < 1)
        {
            errors.Add($"{prefix}:ConsecutiveConnectFailures must be at least 1 (was {ConsecutiveConnectFailures}).");
        }

        if (MaxWaitWhileOpen < TimeSpan.Zero)
        {
            errors.Add($"{prefix}:MaxWaitWhileOpen must not be negative (was {MaxWaitWhileOpen}).");
        }
    }
}
