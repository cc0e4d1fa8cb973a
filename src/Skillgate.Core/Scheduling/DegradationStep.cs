namespace Skillgate.Scheduling;

/// <summary>A step of the degradation ladder, tried in the configured order until one takes the request.</summary>
public enum DegradationStep
{
    /// <summary>Wait in the admission queue for the requested model, if the expected wait fits the deadline.</summary>
    Queue = 0,

    /// <summary>Wait for the configured fallback model (its own buckets) instead, if that fits the deadline.</summary>
    FallbackModel = 1,

    /// <summary>Tell the caller to send a deferrable request through the Message Batches API.</summary>
    Batch = 2,

    /// <summary>Reject at once with <c>retry-after</c> (always the last resort, even when not listed).</summary>
    Shed = 3,
}
