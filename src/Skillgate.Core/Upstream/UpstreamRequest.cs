namespace Skillgate.Upstream;

/// <summary>
/// One call to the upstream as the transport sees it: method, path, the caller's body as bytes (never
/// re-serialized), and the caller's facts the key source needs (tenant, priority, deadline, pinned key). Nothing
/// travels beside it: whatever a lower layer needs to know about the call is here.
/// </summary>
public sealed class UpstreamRequest
{
    /// <summary>Creates a request for <c>POST /v1/messages</c>.</summary>
    /// <param name="body">The JSON body, sent unchanged.</param>
    /// <param name="stream">Whether the body asks for <c>"stream": true</c>.</param>
    public UpstreamRequest(ReadOnlyMemory<byte> body, bool stream)
    {
        Body = body;
        Stream = stream;
    }

    /// <summary>
    /// Creates a request for any other endpoint (count_tokens, batches, files, models, a relayed path). It is
    /// unmetered (<see cref="Metered"/> false) unless the initializer says otherwise.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path on the upstream, with its query string if any.</param>
    /// <param name="body">The body; empty for none.</param>
    public UpstreamRequest(HttpMethod method, string path, ReadOnlyMemory<byte> body = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Method = method;
        Path = path;
        Body = body;
        Metered = false;
    }

    /// <summary>The body, sent unchanged (after a fallback model rewrite for a metered Messages call).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Whether the body asks for <c>"stream": true</c>.</summary>
    public bool Stream { get; }

    /// <summary>The HTTP method. Default <c>POST</c>.</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Post;

    /// <summary>The path on the upstream, with its query string if any. Default <c>/v1/messages</c>.</summary>
    public string Path { get; init; } = "/v1/messages";

    /// <summary>
    /// The body's content type, e.g. a <c>multipart/form-data; boundary=...</c> for a file upload. Default
    /// <c>application/json</c>. An empty body of a <c>GET</c>, <c>HEAD</c> or <c>DELETE</c> is sent with no content at all.
    /// </summary>
    public string? ContentType { get; init; } = "application/json";

    /// <summary>
    /// Whether the call counts against the key's Messages limits (RPM/ITPM/OTPM) and waits in the fair queue.
    /// Default true (a Messages call). An unmetered call (count_tokens, batches, files, models, any relayed path,
    /// which the upstream limits separately) reserves nothing and skips the queue, but still goes to a key in
    /// service (never one quarantined after a 401/403), honours <see cref="KeyFingerprint"/>, and a 429 on it does
    /// not cool the key down for Messages calls.
    /// </summary>
    public bool Metered { get; init; } = true;

    /// <summary>The model, for the key source and metrics.</summary>
    public string? Model { get; init; }

    /// <summary>Estimated input tokens, for the key source's reservation.</summary>
    public int EstimatedInputTokens { get; init; }

    /// <summary><c>max_tokens</c> of the request, for the key source's reservation.</summary>
    public int MaxTokens { get; init; }

    /// <summary>The tenant for fair sharing; null shares the tenant <c>default</c>.</summary>
    public string? Tenant { get; init; }

    /// <summary>Interactive (default) or batch.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;

    /// <summary>
    /// When the caller stops caring about the answer: the scheduler does not admit the call after it (it refuses at
    /// once what it expects to be late), and the transport does not start a retry whose backoff would end past it
    /// (the caller gets the last failure instead of a late answer). Cancel the token to stop an attempt.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>
    /// Pins the call to one key: only the key whose <see cref="UpstreamSecret.Fingerprint"/> this is may serve it
    /// (the key source waits for that key's capacity rather than trying another). Null (default): any key. A
    /// fingerprint no key of the upstream has fails with <see cref="UpstreamErrorKind.NoKeyAvailable"/>. Use it for
    /// objects the upstream ties to the key that created them (batches, files, skills), from
    /// <see cref="UpstreamResponse.KeyFingerprint"/> of the call that created them.
    /// </summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>Headers passed through to the upstream (e.g. <c>anthropic-version</c>, <c>anthropic-beta</c>). Never auth headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
