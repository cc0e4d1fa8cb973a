using Skillgate.Protocol;
using Skillgate.Server.Auth;

namespace Skillgate.Server.Pipeline;

/// <summary>What an endpoint hands the pipeline: the caller's body and headers, and what the parser read from it.</summary>
internal sealed class PipelineInput
{
    public required Tenant Tenant { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }

    public MessageRequestInfo? Info { get; init; }

    public string? Model { get; init; }

    public long MaxTokens { get; init; }

    public bool Stream { get; init; }

    /// <summary>
    /// The caller's own calibrated input estimate, used when <see cref="Info"/> is not given; the caller then feeds the
    /// answer's usage to the estimator itself (the pipeline learns only from estimates it made).
    /// </summary>
    public int EstimatedInputTokens { get; init; }

    /// <summary>The caller's headers that go upstream (never its key, never <c>skillgate-*</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The <c>skillgate-deadline-ms</c> header, if sent.</summary>
    public string? DeadlineMs { get; init; }

    /// <summary>The <c>skillgate-conversation-id</c> header, if sent.</summary>
    public string? ConversationId { get; init; }
}
