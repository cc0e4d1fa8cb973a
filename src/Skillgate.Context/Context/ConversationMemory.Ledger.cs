using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Skillgate.Documents;

namespace Skillgate.Context;

/// <summary>Keeps the facts ledger within its share of the budget when it grows past it.</summary>
public sealed partial class ConversationMemory
{
    /// <summary>Ledger indexes kept (the ledgers of the conversations served most recently).</summary>
    private const int LedgerIndexes = 32;
    private readonly Dictionary<UInt128, Bm25Index> _ledgerIndexes = [];
    private readonly Queue<UInt128> _ledgerOrder = new();

    private IReadOnlyList<LedgerFact> FactsForTurn(List<LedgerFact> facts, string model, string query, int inputBudget)
    {
        var room = (int)(inputBudget * _options.LedgerShare);
        var tokens = facts.Select(f => _estimator.EstimateText(model, f.Text).Tokens + 6).ToArray();
        if (tokens.Sum() <= room)
        {
            return facts;
        }

        // Half the room for the newest facts, the rest for the ones most relevant to this turn.
        var chosen = new HashSet<int>();
        var used = 0;
        for (var i = facts.Count - 1; i >= 0 && used + tokens[i] <= room / 2; i--)
        {
            chosen.Add(i);
            used += tokens[i];
        }

        var scores = LedgerIndex(facts).Score(query);
        foreach (var i in Enumerable.Range(0, facts.Count).Where(i => scores[i] > 0).OrderByDescending(i => scores[i]))
        {
            if (!chosen.Contains(i) && used + tokens[i] <= room)
            {
                chosen.Add(i);
                used += tokens[i];
            }
        }

        var kept = chosen.Order().Select(i => facts[i]).ToList();
        kept.Add(new LedgerFact(
            FactKind.OpenTask,
            $"{facts.Count - chosen.Count} older facts are not shown here; they are kept and are shown when a question is about them.",
            0));
        return kept;
    }

    /// <summary>The ledger's BM25 index, built once per ledger (it changes only when a compaction adds facts).</summary>
    private Bm25Index LedgerIndex(List<LedgerFact> facts)
    {
        var hash = new XxHash128();
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var fact in facts)
        {
            // Length-prefixed, so that no two lists of texts hash the same input.
            BinaryPrimitives.WriteInt32LittleEndian(length, fact.Text.Length);
            hash.Append(length);
            hash.Append(MemoryMarshal.AsBytes(fact.Text.AsSpan()));
        }

        var key = hash.GetCurrentHashAsUInt128();
        lock (_ledgerIndexes)
        {
            if (_ledgerIndexes.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var index = new Bm25Index(facts.Select(f => f.Text));
        lock (_ledgerIndexes)
        {
            if (_ledgerIndexes.TryAdd(key, index))
            {
                _ledgerOrder.Enqueue(key);
                while (_ledgerOrder.Count > LedgerIndexes)
                {
                    _ledgerIndexes.Remove(_ledgerOrder.Dequeue());
                }
            }
        }

        return index;
    }
}
