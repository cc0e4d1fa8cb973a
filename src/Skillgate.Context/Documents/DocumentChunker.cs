using System.Text;

namespace Skillgate.Documents;

/// <summary>Splits document text into chunks on paragraph and table-row boundaries; table chunks repeat the header.</summary>
internal static class DocumentChunker
{
    public static List<DocumentChunk> Chunk(string text, int maxTokens, Func<string, int> countTokens)
    {
        var chunks = new List<DocumentChunk>();
        var current = new StringBuilder();
        var currentTokens = 0;
        var location = string.Empty;
        var chunkLocation = string.Empty;
        string? tableHeader = null;

        void Flush()
        {
            if (current.Length > 0)
            {
                chunks.Add(new DocumentChunk(chunks.Count, chunkLocation, current.ToString().TrimEnd(), currentTokens));
                current.Clear();
                currentTokens = 0;
            }
        }

        void Add(string piece, int tokens)
        {
            if (currentTokens + tokens > maxTokens && current.Length > 0)
            {
                Flush();
                if (tableHeader is not null && piece.StartsWith('|'))
                {
                    current.Append(tableHeader);
                    currentTokens += countTokens(tableHeader);
                }
            }

            if (current.Length == 0)
            {
                chunkLocation = location;
            }

            current.Append(piece);
            currentTokens += tokens;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## Page ", StringComparison.Ordinal) || line.StartsWith("## Sheet: ", StringComparison.Ordinal))
            {
                location = line[3..].Trim();
                tableHeader = null;
            }

            if (line.StartsWith('|') && tableHeader is null && i + 1 < lines.Length && lines[i + 1].StartsWith("| ---", StringComparison.Ordinal))
            {
                tableHeader = line + "\n" + lines[i + 1] + "\n";
                Add(tableHeader, countTokens(tableHeader));
                i++;
                continue;
            }

            if (!line.StartsWith('|'))
            {
                tableHeader = null;
            }

            if (line.Length > maxTokens * 3)
            {
                // One huge line (a PDF page without newlines): cut it into sentence-sized pieces.
                foreach (var piece in SplitLong(line, maxTokens * 3))
                {
                    Add(piece + "\n", countTokens(piece));
                }

                continue;
            }

            Add(line + "\n", line.Length == 0 ? 0 : countTokens(line));
        }

        Flush();
        return chunks;
    }

    private static IEnumerable<string> SplitLong(string line, int maxChars)
    {
        var start = 0;
        while (start < line.Length)
        {
            var length = Math.Min(maxChars, line.Length - start);
            if (start + length < line.Length)
            {
                var cut = line.LastIndexOfAny(['.', '。', ' ', '!', '?'], start + length - 1, length);
                if (cut > start + (length / 2))
                {
                    length = cut - start + 1;
                }
            }

            yield return line.Substring(start, length);
            start += length;
        }
    }
}
