namespace Skillgate.Context;

/// <summary>What a summarizer returns.</summary>
/// <param name="Summary">The new rolling summary (replaces the previous one).</param>
/// <param name="NewFacts">Facts to append to the ledger.</param>
public sealed record SummaryResult(string Summary, IReadOnlyList<LedgerFact> NewFacts);
