using Skillgate.Protocol;
using Skillgate.Server.Auth;

namespace Skillgate.Server.Messages;

/// <summary>
/// One Messages call as every caller hands it to <see cref="MessageExecutor"/> (the HTTP endpoint, a WebSocket stream, a
/// conversation turn, a summary): the caller's body as bytes and the facts read from it once, which then travel
/// unchanged to the transport's attempts.
/// </summary>
internal sealed record MessageRequest
{
    /// <summary>Whose call it is (redaction mode, priority, deadline, upstream keys, objects it may name).</summary>
    public required Tenant Tenant { get; init; }

    /// <summary>The JSON body as the caller sent it.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>What the protocol parser read from the body (model, text for the estimate); null when not parsed.</summary>
    public MessageRequestInfo? Info { get; init; }

    public string? Model { get; init; }

    public int MaxTokens { get; init; }

    public bool Stream { get; init; }

    /// <summary>The caller's headers that go upstream (never its key, never <c>skillgate-*</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>How long the caller will wait for admission (<c>skillgate-deadline-ms</c>); null for the tenant's default.</summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>The conversation whose vault keeps placeholders stable across turns (<c>skillgate-conversation-id</c>).</summary>
    public string? ConversationId { get; init; }

    /// <summary>The caller's own calibrated input estimate (a conversation view), or 0 to estimate from <see cref="Info"/>.</summary>
    public int EstimatedInputTokens { get; init; }

    /// <summary>When the request arrived (<see cref="TimeProvider.GetTimestamp"/>), for time to first token.</summary>
    public long StartTimestamp { get; init; }

    /// <summary>
    /// How many paused turns (<c>stop_reason: "pause_turn"</c>) the gateway continues itself for a non-streamed call
    /// (<c>skillgate-continue-pause-turn</c>); null for <c>Skills:ContinuePauseTurns</c>.
    /// </summary>
    public int? ContinuePauseTurns { get; init; }

    /// <summary>The transport label of the caller's metrics: <c>sse</c>, <c>websocket</c>.</summary>
    public string Channel { get; init; } = "sse";
}
