namespace Skillgate.Context;

/// <summary>One fact of the append-only ledger kept in context after the turns it came from are compacted.</summary>
/// <param name="Kind">What the fact records.</param>
/// <param name="Text">The fact, as the sentence it was stated in (short).</param>
/// <param name="SourceSequence">The log sequence of the message it came from.</param>
public sealed record LedgerFact(FactKind Kind, string Text, long SourceSequence);
