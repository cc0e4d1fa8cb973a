namespace Skillgate.Upstream;

/// <summary>
/// The transport to one upstream: pooled HTTP, layered timeouts, retries before the first byte, key rotation and
/// circuit breaking. Register one per upstream (<c>AddSkillgate</c> does).
/// </summary>
public interface IUpstreamClient
{
    /// <summary>The upstream's name.</summary>
    string Name { get; }

    /// <summary>
    /// Sends a non-streaming request, retrying transient failures. Throws <see cref="UpstreamException"/> when the
    /// call fails and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a streaming request. Returns once the first token arrived (everything before it is held back, so a
    /// failure up to then is retried); throws <see cref="UpstreamException"/> when that never happens. Read the
    /// events with <see cref="UpstreamStream.ReadEventsAsync"/> and dispose the stream to release the connection.
    /// </summary>
    Task<UpstreamStream> StreamAsync(UpstreamRequest request, CancellationToken cancellationToken = default);
}
