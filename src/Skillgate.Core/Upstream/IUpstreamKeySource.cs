namespace Skillgate.Upstream;

/// <summary>
/// The seam between the transport and whatever owns the keys (the built-in round robin, or the scheduler's key pool).
/// The transport asks for a key before each attempt and reports the attempt's outcome on the lease it got.
/// </summary>
public interface IUpstreamKeySource
{
    /// <summary>
    /// Gets a key with headroom for <paramref name="request"/>, waiting while every key is cooling down.
    /// Throws <see cref="UpstreamException"/> (<see cref="UpstreamErrorKind.NoKeyAvailable"/>) when no key can ever serve it.
    /// </summary>
    ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default);
}
