namespace Skillgate.Upstream;

/// <summary>
/// A successful (2xx) answer relayed as bytes (<see cref="IUpstreamClient.SendRawAsync"/>): status and headers, and the
/// body unread. Read <see cref="Body"/> once, as far as needed; dispose to release the connection (also mid-body).
/// </summary>
public sealed class UpstreamRawResponse : IAsyncDisposable
{
    private readonly UpstreamRawBody _body;

    internal UpstreamRawResponse(UpstreamClient client, CallState state, AttemptResult attempt)
    {
        var response = attempt.Response!;
        StatusCode = attempt.StatusCode;
        ContentType = response.Content.Headers.ContentType?.ToString();
        ContentLength = response.Content.Headers.ContentLength;
        Headers = attempt.Headers;
        RequestId = attempt.RequestId;
        Attempts = state.Attempts;
        KeyFingerprint = state.KeyFingerprint;
        QueueWait = state.QueueWait;
        _body = new UpstreamRawBody(client, state, attempt);
    }

    /// <summary>The upstream's status: any 2xx (e.g. 200, 201, 204).</summary>
    public int StatusCode { get; }

    /// <summary>The body's <c>content-type</c> as the upstream sent it, or null when it sent none.</summary>
    public string? ContentType { get; }

    /// <summary>The body's declared <c>content-length</c>, or null when the upstream did not declare one.</summary>
    public long? ContentLength { get; }

    /// <summary>
    /// The upstream's response headers a caller should see: <c>request-id</c>, <c>anthropic-*</c>, <c>retry-after</c>,
    /// <c>retry-after-ms</c>, <c>x-should-retry</c> (as on <see cref="UpstreamResponse.Headers"/>), and
    /// <c>content-disposition</c> when the upstream sent one (a file download).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The upstream's <c>request-id</c>.</summary>
    public string? RequestId { get; }

    /// <summary>Attempts made, the successful one included.</summary>
    public int Attempts { get; }

    /// <summary>The <see cref="UpstreamSecret.Fingerprint"/> of the key that served the call.</summary>
    public string? KeyFingerprint { get; }

    /// <summary>How long the call waited for admission, summed over its attempts; zero for an unmetered call.</summary>
    public TimeSpan QueueWait { get; }

    /// <summary>
    /// The body, unread, of any size. Reads wait at most the idle timeout for the next bytes: past it a read throws
    /// <see cref="UpstreamException"/> (<see cref="UpstreamErrorKind.IdleTimeout"/>); a connection that breaks throws
    /// it with <see cref="UpstreamErrorKind.StreamInterrupted"/>; a cancelled read throws
    /// <see cref="OperationCanceledException"/> and ends the response. Not seekable.
    /// </summary>
    public Stream Body => _body;

    /// <summary>Releases the connection; safe at any point, also while the body is unread.</summary>
    public ValueTask DisposeAsync() => _body.DisposeAsync();
}
