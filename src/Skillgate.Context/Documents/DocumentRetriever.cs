using System.Globalization;
using System.Text;

namespace Skillgate.Documents;

/// <summary>
/// Picks the chunks of a document most relevant to a query (BM25) within a token budget, in document order, and
/// says what was left out so the model knows the excerpt is partial.
/// </summary>
internal static class DocumentRetriever
{
    public static string Retrieve(StoredDocument document, IReadOnlyList<DocumentChunk> chunks, string query, int tokenBudget) =>
        Retrieve(document, chunks, new Bm25Index(chunks.Select(c => c.Text)), query, tokenBudget);

    /// <summary>Retrieves with an index of the same chunks built before (a document's index serves every turn).</summary>
    public static string Retrieve(StoredDocument document, IReadOnlyList<DocumentChunk> chunks, Bm25Index index, string query, int tokenBudget)
    {
        var scores = index.Score(query);
        var ranked = Enumerable.Range(0, chunks.Count)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => i)
            .ToList();
        var header = $"<document_excerpts name=\"{document.Name}\" sha256=\"{document.Hash}\">\n";
        var used = (header.Length / 3) + 30;
        var chosen = new SortedSet<int>();
        foreach (var i in ranked)
        {
            if (used + chunks[i].Tokens + 12 > tokenBudget)
            {
                continue;
            }

            chosen.Add(i);
            used += chunks[i].Tokens + 12;
        }

        var sb = new StringBuilder(header);
        foreach (var i in chosen)
        {
            sb.Append("[part ").Append(i + 1).Append(" of ").Append(chunks.Count);
            if (chunks[i].Location.Length > 0)
            {
                sb.Append(", ").Append(chunks[i].Location);
            }

            sb.Append("]\n").Append(chunks[i].Text).Append("\n\n");
        }

        sb.Append("</document_excerpts>\n");
        var left = chunks.Where(c => !chosen.Contains(c.Index)).ToList();
        if (left.Count > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Left out of {document.Name}: {left.Count} of {chunks.Count} parts (about {left.Sum(c => c.Tokens)} tokens)");
            var locations = left.Select(c => c.Location).Where(l => l.Length > 0).Distinct().ToList();
            if (locations.Count > 0)
            {
                sb.Append(", from ").Append(string.Join(", ", locations.Take(12)));
                if (locations.Count > 12)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" and {locations.Count - 12} more");
                }
            }

            sb.Append(". They were less relevant to this question; ask about them specifically to see them.\n");
        }

        return sb.ToString();
    }
}
