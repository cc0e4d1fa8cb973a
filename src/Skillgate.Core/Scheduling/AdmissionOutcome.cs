namespace Skillgate.Scheduling;

/// <summary>What admission decided.</summary>
public enum AdmissionOutcome
{
    /// <summary>A key was reserved; send the request with <see cref="AdmissionResult.Lease"/>.</summary>
    Admitted = 0,

    /// <summary>The request is deferrable and should go through the Message Batches API.</summary>
    Deferred = 1,

    /// <summary>The request was shed; answer with <see cref="AdmissionResult.StatusCode"/> and <c>retry-after</c>.</summary>
    Rejected = 2,
}
