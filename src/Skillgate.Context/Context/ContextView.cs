namespace Skillgate.Context;

/// <summary>A Messages request built from a conversation's log, and how it used the budget.</summary>
/// <param name="RequestJson">The request body, ready to send.</param>
/// <param name="EstimatedTokens">Its input tokens, by the calibrated estimator.</param>
/// <param name="Budget">The input budget: context window − max_tokens − safety margin.</param>
/// <param name="IncludedRounds">User turns (with their replies and tool calls) included verbatim.</param>
/// <param name="OmittedRounds">Older user turns not included verbatim (covered by the summary and ledger when compacted).</param>
/// <param name="ElidedToolResults">Tool results in the included turns whose content was replaced by a note to fit.</param>
public sealed record ContextView(string RequestJson, int EstimatedTokens, int Budget, int IncludedRounds, int OmittedRounds, int ElidedToolResults)
{
    /// <summary>
    /// Stored content blocks left out because they could not be read (a field of the wrong type, a block of the other
    /// role; a log written before appends were checked), plus stored messages without a valid role. Normally 0.
    /// </summary>
    public int SkippedBlocks { get; init; }
}
