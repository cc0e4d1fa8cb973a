namespace Skillgate.Upstream;

/// <summary>When and how often the transport retries a failed attempt (only before any byte reached the caller).</summary>
public sealed class UpstreamRetryOptions
{
    /// <summary>Retries after the first attempt. Default 4; 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff delay; each retry doubles it. Default 500 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The cap on the computed backoff delay. Default 8 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Fraction of the backoff that is randomized ("equal jitter": the delay is drawn from
    /// <c>[d·(1−JitterRatio), d]</c>). Default 0.5.
    /// </summary>
    public double JitterRatio { get; set; } = 0.5;

    /// <summary>
    /// The longest <c>retry-after</c> the transport waits for before retrying. A longer one ends the call with the
    /// upstream's error (and its retry-after) instead. Default 60 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The retry budget: retries may not exceed this share of the requests seen in <see cref="BudgetWindow"/>.
    /// Default 0.2 (20 %).
    /// </summary>
    public double BudgetRatio { get; set; } = 0.2;

    /// <summary>Retries always allowed per second regardless of traffic, so that a quiet gateway can still retry. Default 10.</summary>
    public int BudgetMinRetriesPerSecond { get; set; } = 10;

    /// <summary>The sliding window over which the retry budget counts requests and retries. Default 10 s.</summary>
    public TimeSpan BudgetWindow { get; set; } = TimeSpan.FromSeconds(10);
}
