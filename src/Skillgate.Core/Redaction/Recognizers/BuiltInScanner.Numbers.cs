namespace Skillgate.Redaction.Recognizers;

internal static partial class BuiltInScanner
{
    private const int MaxGroups = 8;

    /// <summary>Handles a digit: IBAN (two capitals before it), cards, resident ids, phones and IPv4.</summary>
    private static bool ScanDigits(ReadOnlySpan<char> s, int p, int lastEnd, out Found hit, out int next)
    {
        hit = default;
        var runEnd = p;
        while (runEnd < s.Length && IsDigit(s[runEnd]))
        {
            runEnd++;
        }

        next = runEnd;
        var prev = At(s, p - 1);
        if (IsAsciiLetter(prev))
        {
            if (p - 2 >= lastEnd && IsUpper(prev) && IsUpper(At(s, p - 2)) && !IsWordChar(At(s, p - 3))
                && TryIban(s, p - 2, out var ibanEnd))
            {
                hit = new Found(p - 2, ibanEnd, EntityTypes.Iban);
                return true;
            }

            return false;
        }

        if (!NumberStartOk(s, p))
        {
            return false;
        }

        if (prev == '(' && p - 1 >= lastEnd && !IsWordChar(At(s, p - 2)) && TryUsParenthesized(s, p - 1, out var parenEnd))
        {
            hit = new Found(p - 1, parenEnd, EntityTypes.Phone);
            return true;
        }

        Span<int> ends = stackalloc int[MaxGroups];
        Span<int> lens = stackalloc int[MaxGroups];
        var count = ReadGroups(s, p, ends, lens, out var sep);
        for (var k = count; k >= 1; k--)
        {
            var type = ClassifyGroups(s, p, lens[..k], sep, ends[k - 1], k == count, out var end);
            if (type is not null)
            {
                hit = new Found(p, end, type);
                return true;
            }
        }

        // Nothing matched: skip the card-like run of short groups too, so that its tail is not read as a number of its own.
        var skip = 1;
        while (skip < count && lens[skip] <= 4)
        {
            skip++;
        }

        next = ends[skip - 1];
        return false;
    }

    /// <summary>A number may start here: not inside a word, a decimal, a dotted version or a dashed reference.</summary>
    private static bool NumberStartOk(ReadOnlySpan<char> s, int p)
    {
        var prev = At(s, p - 1);
        if (IsWordChar(prev))
        {
            return false;
        }

        return prev switch
        {
            '.' or '-' or '/' => !IsAlnum(At(s, p - 2)),
            _ => true,
        };
    }

    /// <summary>A number may end here: not followed by a word, an e-mail domain, a decimal part or a dashed suffix.</summary>
    private static bool NumberEndOk(ReadOnlySpan<char> s, int e)
    {
        var c = At(s, e);
        if (IsWordChar(c) || c == '@')
        {
            return false;
        }

        return c switch
        {
            '.' or '-' => !IsAlnum(At(s, e + 1)),
            _ => true,
        };
    }

    /// <summary>Reads digit groups joined by one repeated separator (' ', '-' or '.'); returns the group count.</summary>
    private static int ReadGroups(ReadOnlySpan<char> s, int p, Span<int> ends, Span<int> lens, out char sep)
    {
        sep = '\0';
        var count = 0;
        var pos = p;
        while (count < MaxGroups)
        {
            var start = pos;
            while (pos < s.Length && IsDigit(s[pos]))
            {
                pos++;
            }

            ends[count] = pos;
            lens[count] = pos - start;
            count++;
            var c = At(s, pos);
            if (c is not (' ' or '-' or '.') || !IsDigit(At(s, pos + 1)) || (sep != '\0' && c != sep))
            {
                break;
            }

            sep = c;
            pos++;
        }

        return count;
    }

    private static string? ClassifyGroups(ReadOnlySpan<char> s, int p, ReadOnlySpan<int> lens, char sep, int end, bool allGroups, out int entityEnd)
    {
        entityEnd = end;
        var k = lens.Length;
        var total = 0;
        foreach (var l in lens)
        {
            total += l;
        }

        Span<char> d = stackalloc char[Math.Min(total, 64)];
        if (total > 64)
        {
            return null;
        }

        var w = 0;
        for (var i = p; i < end; i++)
        {
            if (IsDigit(s[i]))
            {
                d[w++] = s[i];
            }
        }

        if (k == 1 && total == 17 && (At(s, end) is 'X' or 'x') && NumberEndOk(s, end + 1))
        {
            Span<char> id = stackalloc char[18];
            d.CopyTo(id);
            id[17] = 'X';
            if (Validators.IsCnResidentId(id))
            {
                entityEnd = end + 1;
                return EntityTypes.CnResidentId;
            }

            return null;
        }

        if (!NumberEndOk(s, end))
        {
            return null;
        }

        if (sep == '.')
        {
            if (k == 4 && IsIpv4Groups(s, p, lens) && !FollowsVersionWord(s, p))
            {
                return EntityTypes.IpAddress;
            }

            return k == 3 && IsUsPhoneDigits(d) && lens[0] == 3 && lens[1] == 3 ? EntityTypes.Phone : null;
        }

        if (k == 1)
        {
            return total switch
            {
                18 when Validators.IsCnResidentId(d) => EntityTypes.CnResidentId,
                11 when IsCnMobile(d) => EntityTypes.Phone,
                11 when d[0] == '0' && d[1] == '7' => EntityTypes.Phone,
                >= 13 and <= 19 when Validators.IsCardNumber(d) => EntityTypes.CreditCard,
                _ => null,
            };
        }

        if (allGroups && IsCardGrouping(lens) && Validators.IsCardNumber(d))
        {
            return EntityTypes.CreditCard;
        }

        if (total == 11 && k == 3 && lens[0] == 3 && lens[1] == 4 && IsCnMobile(d))
        {
            return EntityTypes.Phone;
        }

        if (k == 3 && lens[0] == 3 && lens[1] == 3 && lens[2] == 4 && IsUsPhoneDigits(d))
        {
            return EntityTypes.Phone;
        }

        if (sep == '-' && k == 4 && lens[0] == 1 && d[0] == '1' && lens[1] == 3 && lens[2] == 3 && lens[3] == 4
            && IsUsPhoneDigits(d[1..]))
        {
            return EntityTypes.Phone;
        }

        if (sep == ' ' && total == 11 && d[0] == '0' && d[1] is '1' or '2' or '3' or '7' or '8' && IsUkGrouping(lens))
        {
            return EntityTypes.Phone;
        }

        return null;
    }

    private static bool IsCnMobile(ReadOnlySpan<char> d) => d.Length == 11 && d[0] == '1' && d[1] >= '3';

    private static bool IsUsPhoneDigits(ReadOnlySpan<char> d) => d.Length == 10 && d[0] >= '2' && d[3] >= '2';

    private static bool IsUkGrouping(ReadOnlySpan<int> lens)
        => lens.Length switch
        {
            2 => lens[0] == 5 && lens[1] == 6,
            3 => (lens[0] == 3 && lens[1] == 4) || (lens[0] == 4 && lens[1] == 3) || (lens[0] == 5 && lens[1] == 3),
            _ => false,
        };

    private static bool IsCardGrouping(ReadOnlySpan<int> lens)
    {
        if (lens.Length == 3)
        {
            return lens[0] == 4 && lens[1] == 6 && lens[2] is 4 or 5;
        }

        if (lens.Length is < 4 or > 5)
        {
            return false;
        }

        for (var i = 0; i < lens.Length - 1; i++)
        {
            if (lens[i] != 4)
            {
                return false;
            }
        }

        return lens[^1] is >= 1 and <= 4;
    }

    /// <summary>"(617) 332-2123", "(617)332-2123" or "(617) 332 2123", starting at the parenthesis.</summary>
    private static bool TryUsParenthesized(ReadOnlySpan<char> s, int open, out int end)
    {
        end = 0;
        var pos = open + 1;
        if (!Digits(s, pos, 3) || At(s, pos + 3) != ')')
        {
            return false;
        }

        pos += 4;
        if (At(s, pos) == ' ')
        {
            pos++;
        }

        if (!Digits(s, pos, 3) || At(s, pos + 3) is not ('-' or ' ' or '.') || !Digits(s, pos + 4, 4))
        {
            return false;
        }

        end = pos + 8;
        return At(s, open + 1) >= '2' && At(s, pos) >= '2' && NumberEndOk(s, end);
    }

    private static bool Digits(ReadOnlySpan<char> s, int pos, int count)
    {
        if (pos + count > s.Length)
        {
            return false;
        }

        for (var i = pos; i < pos + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }
        }

        return !IsDigit(At(s, pos + count));
    }
}
