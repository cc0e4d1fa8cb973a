using System.Text;

namespace Skillgate.Simulator.Generation;

/// <summary>The words of generated replies; one word (with its trailing space) counts as one token.</summary>
internal static class WordList
{
    public static readonly byte[][] Words = Create(
        "the", "a", "simulated", "reply", "keeps", "every", "stream", "alive", "under", "load", "while",
        "tokens", "flow", "through", "gateway", "and", "back", "to", "caller", "with", "care", "rate",
        "limits", "hold", "steady", "as", "requests", "arrive", "in", "bursts", "of", "many", "small",
        "messages", "that", "need", "fair", "share", "so", "no", "tenant", "waits", "too", "long", "for",
        "answer", "model", "writes", "clear", "short", "sentences", "about", "skills", "files", "data",
        "tables", "charts", "reports", "summary", "plan", "next", "step", "done", "well");

    private static byte[][] Create(params string[] words) => Array.ConvertAll(words, w => Encoding.UTF8.GetBytes(w));
}
