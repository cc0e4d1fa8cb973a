namespace Skillgate.Context;

/// <summary>
/// Turns compacted turns into a short narrative summary and new ledger facts. Implementations: the extractive one
/// (offline, <see cref="ConversationSummarizers.Extractive"/>) and a Claude-backed one through the pipeline.
/// A summarizer that throws leaves the conversation as it was: compaction commits nothing.
/// </summary>
public interface IConversationSummarizer
{
    /// <summary>Summarizes the given turns, continuing the previous summary.</summary>
    /// <param name="request">The turns and what is already known.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new rolling summary and the facts to add to the ledger.</returns>
    Task<SummaryResult> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken = default);
}
