namespace Skillgate.Upstream;

/// <summary>
/// One Messages API call as the transport sees it: the caller's JSON body as bytes (never re-serialized) and the
/// few fields the transport and the key source need.
/// </summary>
public sealed class UpstreamRequest
{
    /// <summary>Creates a request for <c>POST /v1/messages</c>.</summary>
    public UpstreamRequest(ReadOnlyMemory<byte> body, bool stream)
    {
        Body = body;
        Stream = stream;
    }

    /// <summary>The JSON body, sent unchanged.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Whether the body asks for <c>"stream": true</c>.</summary>
    public bool Stream { get; }

    /// <summary>The path on the upstream. Default <c>/v1/messages</c>.</summary>
    public string Path { get; init; } = "/v1/messages";

    /// <summary>The model, for the key source and metrics.</summary>
    public string? Model { get; init; }

    /// <summary>Estimated input tokens, for the key source's reservation.</summary>
    public int EstimatedInputTokens { get; init; }

    /// <summary><c>max_tokens</c> of the request, for the key source's reservation.</summary>
    public int MaxTokens { get; init; }

    /// <summary>
    /// When the caller stops caring about the answer. The transport does not start a retry whose backoff would end
    /// past it (the caller gets the last failure instead of a late answer). Cancel the token to stop an attempt.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Headers passed through to the upstream (e.g. <c>anthropic-version</c>, <c>anthropic-beta</c>). Never auth headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
