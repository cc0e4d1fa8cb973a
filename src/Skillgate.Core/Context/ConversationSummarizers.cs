namespace Skillgate.Context;

/// <summary>Summarizers that need no model.</summary>
public static class ConversationSummarizers
{
    /// <summary>
    /// The extractive summarizer: sentences with names, numbers, identifiers, decisions and open tasks go to the
    /// ledger verbatim; the summary lists the opening sentence of each user turn, newest kept when it is too long.
    /// </summary>
    /// <returns>The summarizer.</returns>
    public static IConversationSummarizer Extractive() => new ExtractiveSummarizer();
}
