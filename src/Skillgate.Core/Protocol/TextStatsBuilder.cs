namespace Skillgate.Protocol;

/// <summary>Accumulates <see cref="TextStats"/> from UTF-8 text, classifying each line as prose or code
/// and counting CJK characters apart.</summary>
internal struct TextStatsBuilder
{
    private long _prose;
    private long _cjk;
    private long _code;
    private long _media;
    private int _blocks;

    public readonly TextStats Build() => new(_prose, _cjk, _code, _media, _blocks);

    public void AddBlock() => _blocks++;

    public void AddMedia(int base64Bytes) => _media += base64Bytes;

    public void AddCode(long chars) => _code += chars;

    public void AddText(ReadOnlySpan<byte> utf8)
    {
        int chars = 0, cjk = 0, symbols = 0, nonSpace = 0, leadingSpaces = 0;
        var atLineStart = true;
        foreach (var b in utf8)
        {
            if (b == (byte)'\n')
            {
                EndLine(chars + 1, cjk, symbols, nonSpace, leadingSpaces);
                chars = cjk = symbols = nonSpace = leadingSpaces = 0;
                atLineStart = true;
                continue;
            }

            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte of a multi-byte character
            }

            chars++;
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r')
            {
                if (atLineStart)
                {
                    leadingSpaces += b == (byte)'\t' ? 4 : 1;
                }

                continue;
            }

            atLineStart = false;
            nonSpace++;
            if (b is (>= 0xE3 and <= 0xED) or 0xEF)
            {
                cjk++; // lead byte of U+3000..U+DFFF (kana, ideographs, Hangul) or U+F000.. (fullwidth forms)
            }
            else if (IsCodeSymbol(b))
            {
                symbols++;
            }
        }

        if (chars > 0)
        {
            EndLine(chars, cjk, symbols, nonSpace, leadingSpaces);
        }
    }

    private void EndLine(int chars, int cjk, int symbols, int nonSpace, int leadingSpaces)
    {
        _cjk += cjk;
        var rest = chars - cjk;
        var looksLikeCode = (symbols >= 2 && symbols * 10 >= nonSpace) || (leadingSpaces >= 4 && symbols >= 1);
        if (looksLikeCode)
        {
            _code += rest;
        }
        else
        {
            _prose += rest;
        }
    }

    private static bool IsCodeSymbol(byte b) => b is (byte)'{' or (byte)'}' or (byte)'(' or (byte)')'
        or (byte)';' or (byte)'=' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']';
}
