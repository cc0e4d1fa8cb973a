namespace Skillgate.Scheduling;

/// <summary>
/// Admits requests to the upstream keys within their rate limits: queues them fairly, picks a key,
/// reserves its buckets, and sheds at once what cannot be admitted before its deadline.
/// </summary>
public interface IRequestScheduler : IDisposable
{
    /// <summary>
    /// Waits until the request may be sent and returns a lease on a key, or returns at once with a
    /// rejection (status, error type, <c>retry-after</c>) or a hand-off to the Batches API. Never
    /// waits past the request's deadline. Cancelling removes the request from the queue and throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    ValueTask<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken = default);

    /// <summary>The number of requests waiting for admission.</summary>
    int QueueLength { get; }
}
