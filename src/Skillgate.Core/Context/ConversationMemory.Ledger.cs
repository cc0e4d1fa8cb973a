using Skillgate.Documents;

namespace Skillgate.Context;

/// <summary>Keeps the facts ledger within its share of the budget when it grows past it.</summary>
public sealed partial class ConversationMemory
{
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

        var scores = new Bm25Index(facts.Select(f => f.Text)).Score(query);
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
}
