using Skillgate.Server.Auth;

namespace Skillgate.Server.Forwarding;

/// <summary>One request to send upstream: the caller's bytes, untouched, and what scheduling needs to know.</summary>
internal sealed class UpstreamCall(HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body, IReadOnlyList<KeyValuePair<string, string>> headers, Tenant tenant)
{
    public HttpMethod Method { get; } = method;

    public string PathAndQuery { get; } = pathAndQuery;

    public ReadOnlyMemory<byte>? Body { get; } = body;

    /// <summary>The caller's headers that go upstream (never its key).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = headers;

    public Tenant Tenant { get; } = tenant;

    /// <summary>The model asked for, when the body names one.</summary>
    public string? Model { get; init; }

    /// <summary>Whether the caller asked for a server-sent event stream.</summary>
    public bool Streaming { get; init; }

    /// <summary>
    /// The caller's own calibrated input estimate (for key reservations), or 0. A caller that sets it without
    /// <see cref="Info"/> feeds the answer's usage to the estimator itself; otherwise the pipeline estimates and learns.
    /// </summary>
    public int EstimatedInputTokens { get; init; }

    /// <summary>The <c>max_tokens</c> asked for, or 0 when not given.</summary>
    public long MaxTokens { get; init; }

    /// <summary>What the protocol parser read from a Messages body (for the pipeline's estimate), if parsed.</summary>
    public Skillgate.Protocol.MessageRequestInfo? Info { get; init; }
}
