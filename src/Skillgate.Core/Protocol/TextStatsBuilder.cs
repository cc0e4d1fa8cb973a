using System.Buffers;

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
        while (!utf8.IsEmpty)
        {
            var newline = utf8.IndexOf((byte)'\n');
            if (newline < 0)
            {
                AddLine(utf8, 0);
                return;
            }

            AddLine(utf8[..newline], 1);
            utf8 = utf8[(newline + 1)..];
        }
    }

    // Prose is mostly ASCII: vectorized counts there, a byte loop only for lines with other scripts.
    private void AddLine(ReadOnlySpan<byte> line, int newline)
    {
        var leadingSpaces = 0;
        foreach (var b in line)
        {
            if (b == (byte)' ')
            {
                leadingSpaces++;
            }
            else if (b == (byte)'\t')
            {
                leadingSpaces += 4;
            }
            else
            {
                break;
            }
        }

        var symbols = 0;
        for (var rest = line; ;)
        {
            var at = rest.IndexOfAny(CodeSymbols);
            if (at < 0)
            {
                break;
            }

            symbols++;
            rest = rest[(at + 1)..];
        }

        int chars, cjk = 0, nonSpace;
        if (System.Text.Ascii.IsValid(line))
        {
            chars = line.Length;
            nonSpace = chars - line.Count((byte)' ') - line.Count((byte)'\t') - line.Count((byte)'\r');
        }
        else
        {
            chars = 0;
            nonSpace = 0;
            foreach (var b in line)
            {
                if ((b & 0xC0) == 0x80)
                {
                    continue; // continuation byte of a multi-byte character
                }

                chars++;
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r')
                {
                    continue;
                }

                nonSpace++;
                if (b is (>= 0xE3 and <= 0xED) or 0xEF)
                {
                    cjk++; // lead byte of U+3000..U+DFFF (kana, ideographs, Hangul) or U+F000.. (full-width forms)
                }
            }
        }

        if (chars + newline > 0)
        {
            EndLine(chars + newline, cjk, symbols, nonSpace, leadingSpaces);
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

    private static readonly SearchValues<byte> CodeSymbols = SearchValues.Create("{}();=<>[]"u8);
}
