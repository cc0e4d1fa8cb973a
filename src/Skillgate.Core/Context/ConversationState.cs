using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>A conversation's log folded: the latest summary, the whole ledger, attached documents, the messages after the compaction point.</summary>
internal sealed class ConversationState
{
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
                    var compaction = JsonNode.Parse(entry.Json)!.AsObject();
                    state.CompactedThrough = compaction["through"]!.GetValue<long>();
                    state.Summary = compaction["summary"]?.GetValue<string>();
                    foreach (var fact in compaction["facts"]?.AsArray() ?? [])
                    {
                        state.Facts.Add(new LedgerFact(
                            Enum.Parse<FactKind>(fact!["kind"]!.GetValue<string>(), ignoreCase: true),
                            fact["text"]!.GetValue<string>(),
                            fact["seq"]!.GetValue<long>()));
                    }

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
}
