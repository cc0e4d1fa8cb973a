using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>
/// Summarizes through a Messages call (the caller's pipeline sends it). The model writes the narrative summary and
/// may add facts; the extractive facts are always kept as well, so a fact the model leaves out is not lost. A reply
/// that is not the JSON asked for throws, and compaction then commits nothing.
/// </summary>
internal sealed class ClaudeSummarizer : IConversationSummarizer
{
    private const string Instructions = """
        You maintain the memory of a long conversation. Read the earlier summary, the known facts and the new turns.
        Reply with one JSON object and nothing else:
        {"summary": "<the earlier summary updated with the new turns, at most MAX words>",
         "facts": [{"kind": "name|number|identifier|decision|open_task", "text": "<one short sentence>"}]}
        List in "facts" every name, number, identifier, decision and open task from the new turns that is not
        already a known fact, quoting values exactly.
        """;

    private readonly Func<string, CancellationToken, Task<string>> _send;
    private readonly string _model;
    private readonly ExtractiveSummarizer _extractive = new();

    public ClaudeSummarizer(Func<string, CancellationToken, Task<string>> send, string model)
    {
        _send = send;
        _model = model;
    }

    public async Task<SummaryResult> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var extracted = await _extractive.SummarizeAsync(request, cancellationToken).ConfigureAwait(false);
        var response = await _send(BuildRequest(request), cancellationToken).ConfigureAwait(false);
        var (summary, modelFacts) = ParseReply(response, request.Entries.Count > 0 ? request.Entries[^1].Sequence : 0);
        var known = new HashSet<string>(request.Ledger.Select(f => f.Text).Concat(extracted.NewFacts.Select(f => f.Text)), StringComparer.Ordinal);
        var facts = extracted.NewFacts.Concat(modelFacts.Where(f => known.Add(f.Text))).ToList();
        return new SummaryResult(summary, facts);
    }

    internal string BuildRequest(SummaryRequest request)
    {
        var sb = new StringBuilder();
        sb.Append("<earlier_summary>").Append(request.PreviousSummary).Append("</earlier_summary>\n<known_facts>\n");
        foreach (var fact in request.Ledger)
        {
            sb.Append("- ").Append(fact.Text).Append('\n');
        }

        sb.Append("</known_facts>\n<new_turns>\n");
        foreach (var entry in request.Entries.Where(e => e.Kind == ConversationEntryKind.Message))
        {
            var (role, text) = MessageText.Read(entry.Json);
            sb.Append(role).Append(": ").Append(text.Trim()).Append('\n');
        }

        sb.Append("</new_turns>");
        var maxWords = Math.Max(50, request.MaxSummaryTokens * 3 / 4);
        return new JsonObject
        {
            ["model"] = _model,
            ["max_tokens"] = Math.Max(1024, request.MaxSummaryTokens * 4),
            ["system"] = Instructions.Replace("MAX", maxWords.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = sb.ToString() }),
        }.ToJsonString();
    }

    internal static (string Summary, List<LedgerFact> Facts) ParseReply(string responseJson, long sourceSequence)
    {
        try
        {
            var text = string.Concat((JsonNode.Parse(responseJson)?["content"]?.AsArray() ?? [])
                .Where(b => MessageNormalizer.Type(b) == "text")
                .Select(b => b!["text"]!.GetValue<string>()));
            var start = text.IndexOf('{', StringComparison.Ordinal);
            var end = text.LastIndexOf('}');
            if (start < 0 || end <= start)
            {
                throw new FormatException("The summary reply holds no JSON object.");
            }

            var reply = JsonNode.Parse(text[start..(end + 1)])!.AsObject();
            var summary = reply["summary"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(summary))
            {
                throw new FormatException("The summary reply has no summary.");
            }

            var facts = new List<LedgerFact>();
            foreach (var fact in reply["facts"]?.AsArray() ?? [])
            {
                var factText = fact?["text"]?.GetValue<string>();
                if (!string.IsNullOrWhiteSpace(factText))
                {
                    facts.Add(new LedgerFact(Kind(fact!["kind"]?.GetValue<string>()), factText.Trim(), sourceSequence));
                }
            }

            return (summary.Trim(), facts);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException("The summary reply is not the JSON that was asked for.", e);
        }
    }

    private static FactKind Kind(string? kind) => kind switch
    {
        "name" => FactKind.Name,
        "number" => FactKind.Number,
        "identifier" => FactKind.Identifier,
        "decision" => FactKind.Decision,
        _ => FactKind.OpenTask,
    };
}
