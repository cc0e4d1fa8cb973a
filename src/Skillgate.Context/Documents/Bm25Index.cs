using System.Globalization;
using Skillgate.Tokens;

namespace Skillgate.Documents;

/// <summary>Okapi BM25 over a document's chunks (k1 = 1.2, b = 0.75); words lowercased, CJK as character bigrams.</summary>
internal sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly Dictionary<string, List<(int Chunk, int Count)>> _postings = new(StringComparer.Ordinal);
    private readonly List<int> _lengths = [];
    private readonly double _averageLength;

    public Bm25Index(IEnumerable<string> chunks)
    {
        long total = 0;
        foreach (var chunk in chunks)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var length = 0;
            foreach (var term in Terms(chunk))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
                length++;
            }

            foreach (var (term, count) in counts)
            {
                if (!_postings.TryGetValue(term, out var postings))
                {
                    _postings[term] = postings = [];
                }

                postings.Add((_lengths.Count, count));
            }

            _lengths.Add(length);
            total += length;
        }

        _averageLength = _lengths.Count == 0 ? 1 : Math.Max(1, (double)total / _lengths.Count);
    }

    public double[] Score(string query)
    {
        var scores = new double[_lengths.Count];
        var n = _lengths.Count;
        foreach (var term in Terms(query).Distinct(StringComparer.Ordinal))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var df = postings.Count;
            var idf = Math.Log(1 + ((n - df + 0.5) / (df + 0.5)));
            foreach (var (i, tf) in postings)
            {
                scores[i] += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * _lengths[i] / _averageLength))));
            }
        }

        return scores;
    }

    internal static IEnumerable<string> Terms(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (TokenScripts.IsCjk(text, i))
            {
                var start = i;
                while (i < text.Length && TokenScripts.IsCjk(text, i) && !char.IsPunctuation(text[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    i++;
                    continue;
                }

                if (i - start == 1)
                {
                    yield return text.Substring(start, 1);
                }

                for (var j = start; j + 1 < i; j++)
                {
                    yield return text.Substring(j, 2);
                }
            }
            else if (char.IsLetterOrDigit(text[i]))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_') && !TokenScripts.IsCjk(text, i))
                {
                    i++;
                }

                if (i - start >= 2 || char.IsDigit(text[start]))
                {
                    yield return text[start..i].ToLower(CultureInfo.InvariantCulture);
                }
            }
            else
            {
                i++;
            }
        }
    }
}
