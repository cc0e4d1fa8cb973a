namespace Skillgate.Context;

/// <summary>What a summarizer is given.</summary>
/// <param name="PreviousSummary">The rolling summary so far, if any.</param>
/// <param name="Ledger">The facts already in the ledger (not to be repeated).</param>
/// <param name="Entries">The message entries being compacted, in order.</param>
/// <param name="MaxSummaryTokens">About how long the new summary may be.</param>
public sealed record SummaryRequest(string? PreviousSummary, IReadOnlyList<LedgerFact> Ledger, IReadOnlyList<ConversationEntry> Entries, int MaxSummaryTokens);
