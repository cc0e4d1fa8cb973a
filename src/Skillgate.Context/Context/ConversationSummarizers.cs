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

    /// <summary>
    /// A summarizer that asks Claude for the rolling summary and extra facts; the extractive facts are kept too.
    /// The reply must be a JSON object <c>{"summary": "...", "facts": [{"kind": "...", "text": "..."}]}</c> in its
    /// text; anything else throws <see cref="FormatException"/>, and compaction then commits nothing.
    /// </summary>
    /// <param name="send">Sends a Messages request body through the pipeline and returns the response body.</param>
    /// <param name="model">The model that summarizes (a small, fast one is enough).</param>
    /// <returns>The summarizer.</returns>
    public static IConversationSummarizer Claude(Func<string, CancellationToken, Task<string>> send, string model)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentException.ThrowIfNullOrEmpty(model);
        return new ClaudeSummarizer(send, model);
    }
}
