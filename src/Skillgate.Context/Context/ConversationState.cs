using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>A conversation's log folded: the latest summary, the whole ledger, attached documents, the messages after the compaction point.</summary>
internal sealed class ConversationState
{
    // Parsed compaction entries by their JSON string: the cached store hands out the same strings every turn, so
    // a growing ledger is parsed once; the table holds an entry only while its string is alive.
    private static readonly ConditionalWeakTable<string, Compaction> Compactions = new();

    public long Version { get; private set; }

    public long CompactedThrough { get; private set; }

    public string? Summary { get; private set; }

    public List<LedgerFact> Facts { get; } = [];

    public List<(string Hash, string Name, bool Pinned)> Documents { get; } = [];

    public List<ConversationEntry> Messages { get; } = [];

    public static ConversationState Fold(IReadOnlyList<ConversationEntry> entries)
    {
        var state = new ConversationState();
        foreach (var entry in entries)
        {
            state.Version = entry.Sequence;
            switch (entry.Kind)
            {
                case ConversationEntryKind.Message:
                    state.Messages.Add(entry);
                    break;
                case ConversationEntryKind.Compaction:
                    var compaction = Compactions.GetValue(entry.Json, ParseCompaction);
                    state.CompactedThrough = compaction.Through;
                    state.Summary = compaction.Summary;
                    state.Facts.AddRange(compaction.Facts);
                    state.Messages.RemoveAll(m => m.Sequence <= state.CompactedThrough);
                    break;
                case ConversationEntryKind.Document:
                    var document = JsonNode.Parse(entry.Json)!.AsObject();
                    state.Documents.Add((document["hash"]!.GetValue<string>(), document["name"]!.GetValue<string>(), document["pinned"]?.GetValue<bool>() ?? false));
                    break;
            }
        }

        return state;
    }

    private static Compaction ParseCompaction(string json)
    {
        var compaction = JsonNode.Parse(json)!.AsObject();
        var facts = new List<LedgerFact>();
        foreach (var fact in compaction["facts"]?.AsArray() ?? [])
        {
            facts.Add(new LedgerFact(
                Enum.Parse<FactKind>(fact!["kind"]!.GetValue<string>(), ignoreCase: true),
                fact["text"]!.GetValue<string>(),
                fact["seq"]!.GetValue<long>()));
        }

        return new Compaction(compaction["through"]!.GetValue<long>(), compaction["summary"]?.GetValue<string>(), facts);
    }

    public static string CompactionJson(long through, SummaryResult result) => new JsonObject
    {
        ["through"] = through,
        ["summary"] = result.Summary,
        ["facts"] = new JsonArray([.. result.NewFacts.Select(f => new JsonObject
        {
            ["kind"] = f.Kind.ToString(),
            ["text"] = f.Text,
            ["seq"] = f.SourceSequence,
        })]),
    }.ToJsonString();

    private sealed record Compaction(long Through, string? Summary, IReadOnlyList<LedgerFact> Facts);
}
