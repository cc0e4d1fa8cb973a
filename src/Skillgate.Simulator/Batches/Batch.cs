using Skillgate.Protocol;
using Skillgate.Simulator.Faults;

namespace Skillgate.Simulator.Batches;

/// <summary>One Message Batch; its progress is a function of time since creation, so nothing runs in
/// the background.</summary>
internal sealed class Batch
{
    public required string Id { get; init; }

    /// <summary>The workspace of the key that created it; only keys of this workspace see it.</summary>
    public required string Workspace { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required IReadOnlyList<BatchItem> Items { get; init; }

    public DateTimeOffset? CancelInitiatedAt { get; set; }

    public int ProcessedAtCancel { get; set; }

    public bool Deleted { get; set; }
}

/// <summary>One request of a batch: its params as read, or the error that makes it fail; the raw params are
/// kept only when an <c>[[sim:echo]]</c> reply needs them.</summary>
internal sealed record BatchItem(string CustomId, MessageRequestInfo? Info, AnthropicError? Error, ulong ContentHash, Directives Directives,
    byte[]? EchoSource = null);
