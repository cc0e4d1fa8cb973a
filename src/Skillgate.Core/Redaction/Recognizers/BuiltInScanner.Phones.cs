namespace Skillgate.Redaction.Recognizers;

internal static partial class BuiltInScanner
{
    private const int MaxE164Digits = 15;

    /// <summary>
    /// '+' then a country code and digit groups joined by ' ', '-', '.' or parentheses, e.g. "+86 138 0013 8000",
    /// "+1 (617) 332-2123", "+44 (0)20 7946 0958". The longest group prefix that validates for its country wins.
    /// </summary>
    private static bool TryPlusPhone(ReadOnlySpan<char> s, int plus, int lastEnd, out Found hit)
    {
        hit = default;
        var prev = At(s, plus - 1);
        if (plus < lastEnd || IsWordChar(prev) || prev is '+' or '/' || !IsDigit(At(s, plus + 1)))
        {
            return false;
        }

        Span<char> d = stackalloc char[MaxE164Digits + 2];
        Span<int> groupEnds = stackalloc int[MaxGroups];
        Span<int> digitCounts = stackalloc int[MaxGroups];
        var n = 0;
        var groups = 0;
        var pos = plus + 1;
        while (groups < MaxGroups)
        {
            var start = pos;
            while (pos < s.Length && IsDigit(s[pos]) && n <= MaxE164Digits)
            {
                d[n++] = s[pos++];
            }

            if (n > MaxE164Digits)
            {
                break;
            }

            groupEnds[groups] = pos;
            digitCounts[groups] = n;
            groups++;
            var sepEnd = SkipPhoneSeparator(s, pos);
            if (sepEnd == pos || !IsDigit(At(s, sepEnd)))
            {
                break;
            }

            pos = sepEnd;
        }

        for (var k = groups; k >= 1; k--)
        {
            var end = groupEnds[k - 1];
            if (NumberEndOk(s, end) && IsE164(d[..digitCounts[k - 1]]))
            {
                hit = new Found(plus, end, EntityTypes.Phone);
                return true;
            }
        }

        return false;
    }

    /// <summary>Skips one separator between phone digit groups: " ", "-", ".", "(", ")", " (", ") ", ")-".</summary>
    private static int SkipPhoneSeparator(ReadOnlySpan<char> s, int pos)
    {
        var c = At(s, pos);
        if (c is ' ' or '-' or '.')
        {
            return At(s, pos + 1) == '(' ? pos + 2 : pos + 1;
        }

        if (c == '(')
        {
            return pos + 1;
        }

        if (c == ')')
        {
            return At(s, pos + 1) is ' ' or '-' ? pos + 2 : pos + 1;
        }

        return pos;
    }

    /// <summary>
    /// Country code and national number. libphonenumber decides for every country; the structural rules kept for
    /// +1 (NANP area and exchange codes), +86 and +44 (with the "(0)" trunk prefix) accept what they always did.
    /// </summary>
    private static bool IsE164(ReadOnlySpan<char> d)
    {
        if (d.Length < InternationalPhones.MinDigits || d[0] == '0')
        {
            return false;
        }

        if (d[0] == '1')
        {
            return d.Length == 11 && IsUsPhoneDigits(d[1..]);
        }

        if (d.Length >= 8 && d[0] == '8' && d[1] == '6')
        {
            var rest = d[2..];
            if (rest.Length == 11 ? IsCnMobile(rest) || rest[0] != '1' : rest.Length >= 9 && rest.Length <= 10 && rest[0] is not ('0' or '1'))
            {
                return true;
            }
        }
        else if (d.Length >= 8 && d[0] == '4' && d[1] == '4')
        {
            var rest = d[2..];
            if (rest.Length > 0 && rest[0] == '0')
            {
                rest = rest[1..];
            }

            if (rest.Length is 9 or 10 && rest[0] is not '0')
            {
                return true;
            }
        }

        return InternationalPhones.IsValid(d);
    }
}
