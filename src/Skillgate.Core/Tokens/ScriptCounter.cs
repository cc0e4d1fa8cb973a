using Microsoft.ML.Tokenizers;

namespace Skillgate.Tokens;

/// <summary>Splits text into runs of one script (CJK, code lines, prose) and counts o200k tokens per run.</summary>
internal static class ScriptCounter
{
    public static void Count(Tokenizer tokenizer, ReadOnlySpan<char> text, Span<int> counts) => Count(tokenizer, text, counts, null);

    /// <summary>
    /// Counts per script; with <paramref name="pieces"/>, runs are also cut after a newline that o200k's
    /// pre-tokenizer always ends a token at (the next character is neither whitespace, a control character nor
    /// <c>/</c>), so the counts are the same, and each piece is counted through the cache: a text that differs from
    /// one seen before in a few lines (a ledger that grew, a note that changed) costs only those lines.
    /// </summary>
    public static void Count(Tokenizer tokenizer, ReadOnlySpan<char> text, Span<int> counts, TextTokenCounter? pieces)
    {
        var fenced = false;
        var runStart = 0;
        var runScript = TokenScript.Latin;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var newline = text[lineStart..].IndexOf('\n');
            var lineEnd = newline < 0 ? text.Length : lineStart + newline + 1;
            var line = text[lineStart..lineEnd];
            var trimmed = line.Trim();
            var isFence = trimmed.StartsWith("```", StringComparison.Ordinal);
            var lineScript = fenced || isFence || LooksLikeCode(trimmed) ? TokenScript.Code : TokenScript.Latin;
            if (isFence)
            {
                fenced = !fenced;
            }

            if (pieces is not null && lineStart > runStart && text[lineStart - 1] == '\n' && EndsToken(text[lineStart]))
            {
                counts[(int)runScript] += pieces.CountCode(text[runStart..lineStart]);
                runStart = lineStart;
            }

            for (var i = lineStart; i < lineEnd; i++)
            {
                var script = TokenScripts.IsCjk(text, i) ? TokenScript.Cjk : lineScript;
                if (script != runScript && !IsNeutral(text[i]))
                {
                    Flush(tokenizer, pieces, text[runStart..i], runScript, counts);
                    runStart = i;
                    runScript = script;
                }
            }

            lineStart = lineEnd;
        }

        Flush(tokenizer, pieces, text[runStart..], runScript, counts);
    }

    private static void Flush(Tokenizer tokenizer, TextTokenCounter? pieces, ReadOnlySpan<char> run, TokenScript script, Span<int> counts)
    {
        if (!run.IsEmpty)
        {
            counts[(int)script] += pieces?.CountCode(run) ?? tokenizer.CountTokens(run);
        }
    }

    // After a newline, o200k's pre-tokenizer ends the token unless whitespace or '/' follows (its patterns let only
    // whitespace, newlines and '/' continue past a newline), so counting the two sides apart gives the same total.
    private static bool EndsToken(char next) => next != '/' && !char.IsWhiteSpace(next) && !char.IsControl(next);

    private static bool IsNeutral(char c) => c is ' ' or '\n' or '\r' or '\t';

    internal static bool LooksLikeCode(ReadOnlySpan<char> line)
    {
        if (line.Length < 2)
        {
            return false;
        }

        if (line[^1] is ';' or '{' or '}' || line.StartsWith("//", StringComparison.Ordinal)
            || line.StartsWith("#include", StringComparison.Ordinal) || line.StartsWith("import ", StringComparison.Ordinal)
            || line.StartsWith("def ", StringComparison.Ordinal) || line.StartsWith("return ", StringComparison.Ordinal)
            || line.StartsWith("using ", StringComparison.Ordinal) || line.StartsWith("public ", StringComparison.Ordinal))
        {
            return true;
        }

        var symbols = 0;
        var visible = 0;
        foreach (var c in line)
        {
            if (c is ' ' or '\t')
            {
                continue;
            }

            visible++;
            if (c is '{' or '}' or '[' or ']' or '(' or ')' or ';' or '=' or '<' or '>' or '|' or '&' or '\\' or '$' or '_' or '"')
            {
                symbols++;
            }
        }

        return visible > 0 && symbols * 10 >= visible;
    }
}
