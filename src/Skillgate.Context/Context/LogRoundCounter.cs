using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>
/// Counts the rounds of each conversation's whole log as <see cref="ContextBuilder.SplitRounds"/> cuts the
/// normalized messages, incrementally: a checkpoint per conversation holds the count so far and the little the
/// normalizer needs to go on (the last message's role and its unanswered tool calls), so a turn parses only the
/// entries appended since the previous one. A checkpoint is used only while the log still has the very entry it
/// was taken at (a deleted and re-created conversation is counted afresh). Bounded: least recently used
/// conversations are forgotten first.
/// </summary>
internal sealed class LogRoundCounter
{
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<Checkpoint>> _checkpoints = new(StringComparer.Ordinal);
    private readonly LinkedList<Checkpoint> _lru = new();

    public LogRoundCounter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
    }

    /// <summary>The rounds of every message of the log (a whole log, read from sequence 1).</summary>
    public int Count(string conversationId, IReadOnlyList<ConversationEntry> entries)
    {
        var output = new List<JsonObject>(2);
        var rounds = 0;
        var start = 0;
        if (Find(conversationId) is { } checkpoint && checkpoint.Sequence <= entries.Count
            && Identity.Of(entries[(int)checkpoint.Sequence - 1]) == checkpoint.At)
        {
            start = (int)checkpoint.Sequence;
            rounds = checkpoint.Rounds;
            if (checkpoint.Last is { } last)
            {
                output.Add((JsonObject)last.DeepClone());
            }
        }

        if (start == entries.Count)
        {
            return rounds;
        }

        for (var i = start; i < entries.Count; i++)
        {
            if (entries[i].Kind != ConversationEntryKind.Message)
            {
                continue;
            }

            var before = output.Count;
            MessageNormalizer.Add(output, JsonNode.Parse(entries[i].Json) as JsonObject ?? new JsonObject());
            for (var j = before; j < output.Count; j++)
            {
                rounds += ContextBuilder.StartsRound(output[j]) ? 1 : 0;
            }

            if (output.Count > 1)
            {
                output.RemoveRange(0, output.Count - 1);
            }
        }

        Save(new Checkpoint(conversationId, entries[^1].Sequence, Identity.Of(entries[^1]), rounds, output.Count > 0 ? Stub(output[0]) : null));
        return rounds;
    }

    /// <summary>What the normalizer reads of a last message: its role and, for a reply, its unanswered tool calls.</summary>
    private static JsonObject Stub(JsonObject message)
    {
        var content = new JsonArray();
        foreach (var id in MessageNormalizer.PendingToolUses(message))
        {
            content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = id });
        }

        return new JsonObject { ["role"] = message["role"]!.GetValue<string>(), ["content"] = content };
    }

    private Checkpoint? Find(string conversationId)
    {
        lock (_lock)
        {
            if (!_checkpoints.TryGetValue(conversationId, out var node))
            {
                return null;
            }

            _lru.Remove(node);
            _lru.AddFirst(node);
            return node.Value;
        }
    }

    private void Save(Checkpoint checkpoint)
    {
        lock (_lock)
        {
            if (_checkpoints.Remove(checkpoint.ConversationId, out var old))
            {
                _lru.Remove(old);
            }

            _checkpoints[checkpoint.ConversationId] = _lru.AddFirst(checkpoint);
            while (_checkpoints.Count > _capacity && _lru.Last is { } last)
            {
                _lru.RemoveLast();
                _checkpoints.Remove(last.Value.ConversationId);
            }
        }
    }

    /// <summary>An entry's identity without keeping its text: sequence, kind, time and a hash of the JSON.</summary>
    private readonly record struct Identity(long Sequence, ConversationEntryKind Kind, DateTimeOffset CreatedAt, UInt128 Hash)
    {
        public static Identity Of(ConversationEntry entry) =>
            new(entry.Sequence, entry.Kind, entry.CreatedAt, XxHash128.HashToUInt128(MemoryMarshal.AsBytes(entry.Json.AsSpan())));
    }

    private sealed record Checkpoint(string ConversationId, long Sequence, Identity At, int Rounds, JsonObject? Last);
}
