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

    /// <summary>
    /// The facts ledger is shown whole while it takes at most this share of the input budget. Default 0.35. Beyond
    /// that the newest facts and those most relevant to the current turn (BM25) fill the share, with a note of how
    /// many are not shown; every fact stays in the log.
    /// </summary>
    public double LedgerShare { get; set; } = 0.35;

    /// <summary>
    /// PDFs of at most this many pages that fit the pin share are sent natively, as <c>document</c> blocks at the
    /// start of the first message (Claude then reads their layout and images too). Default 0: off, text is pinned.
    /// </summary>
    public int NativePdfMaxPages { get; set; }

    /// <summary>PDFs larger than this are never sent natively. Default 4 MB.</summary>
    public int NativePdfMaxBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Target size of a document chunk in tokens. Default 400.</summary>
    public int ChunkTokens { get; set; } = 400;
}
