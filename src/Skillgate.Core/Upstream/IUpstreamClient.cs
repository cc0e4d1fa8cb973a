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

    /// <summary>
    /// Sends any request (<see cref="UpstreamRequest.Method"/>, <see cref="UpstreamRequest.Path"/>) whose answer is
    /// relayed as bytes: a batch's JSONL results, a file download, a list of models. Retried before the response
    /// headers exactly like <see cref="SendAsync"/> (same timeouts, retries, circuit breaker, key rotation unless
    /// pinned). Returns on any 2xx with the body unread; read <see cref="UpstreamRawResponse.Body"/> (the idle timeout
    /// applies between reads) and dispose the response to release the connection. Any other status throws
    /// <see cref="UpstreamException"/> with the upstream's status, headers and (bounded) body, so a 404 of the upstream
    /// reaches the caller as that 404.
    /// </summary>
    Task<UpstreamRawResponse> SendRawAsync(UpstreamRequest request, CancellationToken cancellationToken = default);
}
