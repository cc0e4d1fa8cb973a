namespace Skillgate.Tokens;

/// <summary>Tells the scripts of <see cref="TokenScript"/> apart, for the estimators and for term splitting (BM25).</summary>
public static class TokenScripts
{
    /// <summary>Whether the character at <paramref name="index"/> is CJK (<see cref="TokenScript.Cjk"/>): Han, kana, Hangul or a full-width form.</summary>
    /// <param name="text">The text.</param>
    /// <param name="index">The index of a character in <paramref name="text"/>; a surrogate pair's halves are both CJK or both not.</param>
    /// <returns><see langword="true"/> for a CJK character.</returns>
    public static bool IsCjk(ReadOnlySpan<char> text, int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c))
        {
            // Supplementary ideographs (extensions B-G) live in planes 2 and 3: high surrogates D840-D8BF.
            return c is >= '\uD840' and <= '\uD8BF';
        }

        if (char.IsLowSurrogate(c))
        {
            return index > 0 && text[index - 1] is >= '\uD840' and <= '\uD8BF';
        }

        return c is (>= '\u1100' and <= '\u11FF') or (>= '\u2E80' and <= '\u2FDF') or (>= '\u3000' and <= '\u303F')
            or (>= '\u3040' and <= '\u30FF') or (>= '\u3100' and <= '\u31FF') or (>= '\u3400' and <= '\u4DBF')
            or (>= '\u4E00' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF')
            or (>= '\uFE30' and <= '\uFE4F') or (>= '\uFF00' and <= '\uFFEF');
    }
}
