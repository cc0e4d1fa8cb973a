namespace Skillgate.Context;

/// <summary>Options of <see cref="ConversationMemory"/>.</summary>
public sealed class ConversationMemoryOptions
{
    /// <summary>Latest user turns always kept verbatim (when they fit). Default 2.</summary>
    public int RecentRounds { get; set; } = 2;

    /// <summary>Compact when the verbatim history exceeds this share of the room left for messages. Default 0.6.</summary>
    public double CompactionTrigger { get; set; } = 0.6;

    /// <summary>After compaction, the verbatim history is at most this share of that room. Default 0.3.</summary>
    public double CompactionTarget { get; set; } = 0.3;

    /// <summary>About how long the rolling summary may be, in tokens. Default 300.</summary>
    public int MaxSummaryTokens { get; set; } = 300;

    /// <summary>Documents are pinned whole while together they take at most this share of the input budget. Default 0.3.</summary>
    public double PinShare { get; set; } = 0.3;

    /// <summary>Share of the input budget for retrieved excerpts of documents too large to pin. Default 0.2.</summary>
    public double RetrievalShare { get; set; } = 0.2;

    /// <summary>Target size of a document chunk in tokens. Default 400.</summary>
    public int ChunkTokens { get; set; } = 400;
}
