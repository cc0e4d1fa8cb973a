using System.Text;
using System.Text.RegularExpressions;

namespace Skillgate.Context;

/// <summary>An offline summarizer: rule-based fact extraction and a list of what each compacted user turn asked.</summary>
internal sealed partial class ExtractiveSummarizer : IConversationSummarizer
{
    private const int MaxFactLength = 240;
    private const int MaxFactsPerMessage = 12;
    private const int CharactersPerToken = 3;

    public Task<SummaryResult> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var known = new HashSet<string>(request.Ledger.Select(f => f.Text), StringComparer.Ordinal);
        var facts = new List<LedgerFact>();
        var topics = new List<string>();
        foreach (var entry in request.Entries.Where(e => e.Kind == ConversationEntryKind.Message))
        {
            var (role, text) = MessageText.Read(entry.Json);
            var sentences = Sentences(text).ToList();
            if (role == "user" && sentences.FirstOrDefault(s => !s.StartsWith('[')) is { } opening
                && Truncate(opening, 140) is var topic && !topics.Contains(topic) && !(request.PreviousSummary?.Contains(topic, StringComparison.Ordinal) ?? false))
            {
                topics.Add(topic);
            }

            var added = 0;
            foreach (var sentence in sentences)
            {
                if (added >= MaxFactsPerMessage)
                {
                    break;
                }

                if (Classify(sentence) is { } kind && known.Add(Truncate(sentence, MaxFactLength)))
                {
                    facts.Add(new LedgerFact(kind, Truncate(sentence, MaxFactLength), entry.Sequence));
                    added++;
                }
            }
        }

        return Task.FromResult(new SummaryResult(Summarize(request.PreviousSummary, topics, request.MaxSummaryTokens), facts));
    }

    internal static FactKind? Classify(string sentence)
    {
        if (DecisionPattern().IsMatch(sentence))
        {
            return FactKind.Decision;
        }

        if (TaskPattern().IsMatch(sentence))
        {
            return FactKind.OpenTask;
        }

        if (IdentifierPattern().IsMatch(sentence))
        {
            return FactKind.Identifier;
        }

        if (NumberPattern().IsMatch(sentence))
        {
            return FactKind.Number;
        }

        return NamePattern().Matches(sentence).Any(m => !CalendarWords().IsMatch(m.Value)) ? FactKind.Name : null;
    }

    private static string Summarize(string? previous, List<string> topics, int maxTokens)
    {
        var sb = new StringBuilder(previous ?? string.Empty);
        foreach (var topic in topics)
        {
            sb.Append(sb.Length == 0 ? "The user asked: " : " / ").Append(topic);
        }

        var maxChars = Math.Max(200, maxTokens * CharactersPerToken);
        if (sb.Length <= maxChars)
        {
            return sb.ToString();
        }

        // Rolling: the oldest part falls off; what it held that mattered is in the ledger.
        var text = sb.ToString();
        var cut = text.IndexOf(" / ", text.Length - maxChars, StringComparison.Ordinal);
        return "… " + (cut < 0 ? text[^maxChars..] : text[(cut + 3)..]);
    }

    private static IEnumerable<string> Sentences(string text)
    {
        foreach (var piece in SentenceSplit().Split(text))
        {
            var sentence = piece.Trim();
            if (sentence.Length >= 3)
            {
                yield return sentence;
            }
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex(@"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")]
    private static partial Regex SentenceSplit();

    [GeneratedRegex(@"\b(we|i|they|you) (have )?(decided|agreed|chose|settled on|will go with)\b|\b(let's go with|decision:|it was decided)|决定|我们同意|确定了|批准了", RegexOptions.IgnoreCase)]
    private static partial Regex DecisionPattern();

    [GeneratedRegex(@"\b(todo|to-do|i need to|we need to|remind me|follow up on|deadline|due by|don't forget|action item)\b|待办|截止|别忘了|提醒我", RegexOptions.IgnoreCase)]
    private static partial Regex TaskPattern();

    [GeneratedRegex(@"\b[A-Z]{2,}[-_]?\d{2,}\b|#\d{3,}|\b[\w.+-]+@[\w-]+\.[\w.]+\b|https?://\S+|\b[0-9a-f]{8}-[0-9a-f]{4}-|(?:/[\w.-]+){2,}|\b[a-z]+_[a-z0-9_]+\b|\b[A-Z0-9]{6,}\b")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^((Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|The|This|That|Our|We|I|It|Please|Let|Here|What)\b\s?)+$")]
    private static partial Regex CalendarWords();

    [GeneratedRegex(@"\d")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\b(?:[A-Z][a-z]+ ){1,3}[A-Z][a-z]+\b|\b(?:named|called|name is)\s+[A-Z]")]
    private static partial Regex NamePattern();
}
