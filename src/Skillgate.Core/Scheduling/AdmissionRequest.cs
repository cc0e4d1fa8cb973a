using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>What the scheduler needs to know about a request to admit it.</summary>
public sealed class AdmissionRequest
{
    /// <summary>The requested model (<c>model</c>). Required.</summary>
    public required string Model { get; init; }

    /// <summary>The request's <c>max_tokens</c>. Required, positive.</summary>
    public required int MaxTokens { get; init; }

    /// <summary>
    /// The calibrated estimate of the input tokens (<see cref="Skillgate.Tokens.TokenEstimate.Tokens"/> of the shared
    /// <see cref="Skillgate.Tokens.ITokenEstimator"/>), reserved as given: the scheduler applies no correction of its own.
    /// Feed the upstream's usage back to <see cref="Skillgate.Tokens.ITokenEstimator.Observe"/> so that the estimate learns.
    /// </summary>
    public long EstimatedInputTokens { get; init; }

    /// <summary>The tenant for fair sharing; requests without one share the tenant <c>default</c>.</summary>
    public string? Tenant { get; init; }

    /// <summary>Interactive (default) or batch.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;

    /// <summary>
    /// The latest time (on the scheduler's <see cref="TimeProvider"/>) the request may be admitted;
    /// when the expected wait is longer it is rejected at once. Default: now plus
    /// <see cref="SchedulerOptions.DefaultMaxQueueWait"/>.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The caller accepts a Message Batches round trip instead of an answer now.</summary>
    public bool Deferrable { get; init; }

    /// <summary>Only keys of this upstream may serve the request; null (default) means any upstream.</summary>
    public string? Upstream { get; init; }

    /// <summary>
    /// Only the key with this <see cref="UpstreamSecret.Fingerprint"/> may serve the request: the request waits for that
    /// key's capacity (queue and deadline rules as usual) rather than taking another. Null (default): any key. A
    /// fingerprint no key has is rejected at once (<see cref="RejectionKind.NoCapacity"/>).
    /// </summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>The caller accepts the configured fallback model. Default true.</summary>
    public bool AllowFallback { get; init; } = true;
}
