namespace Skillgate.Redaction.Recognizers;

internal static partial class BuiltInScanner
{
    /// <summary>An e-mail address around '@': local part looked up backwards, domain with an alphabetic TLD forwards.</summary>
    private static bool TryEmail(ReadOnlySpan<char> s, int at, int lastEnd, out Found hit)
    {
        hit = default;
        var start = at;
        var floor = Math.Max(lastEnd, at - 64);
        while (start > floor && IsLocalChar(s[start - 1]))
        {
            start--;
        }

        while (start < at && s[start] is '.' or '-' or '+')
        {
            start++;
        }

        if (start == at || s[at - 1] == '.')
        {
            return false;
        }

        var pos = at + 1;
        var labels = 0;
        var bestEnd = -1;
        while (labels < 16)
        {
            var labelStart = pos;
            var letters = true;
            while (pos < s.Length && (IsAlnum(s[pos]) || s[pos] == '-'))
            {
                letters &= IsAsciiLetter(s[pos]);
                pos++;
            }

            if (pos == labelStart || s[labelStart] == '-' || s[pos - 1] == '-')
            {
                break;
            }

            labels++;
            if (labels >= 2 && letters && pos - labelStart >= 2)
            {
                bestEnd = pos;
            }

            if (At(s, pos) != '.' || !IsAlnum(At(s, pos + 1)))
            {
                break;
            }

            pos++;
        }

        if (bestEnd < 0 || IsWordChar(At(s, bestEnd)) || At(s, bestEnd) is '@' or '-' || IsFileExtension(s[..bestEnd]))
        {
            return false;
        }

        hit = new Found(start, bestEnd, EntityTypes.Email);
        return true;
    }

    /// <summary>"logo@2x.png": asset names whose "TLD" is an image extension.</summary>
    private static bool IsFileExtension(ReadOnlySpan<char> upToEnd)
    {
        var dot = upToEnd.LastIndexOf('.');
        var tld = upToEnd[(dot + 1)..];
        return tld is "png" or "jpg" or "jpeg" or "gif" or "svg" or "webp" or "bmp" or "ico";
    }

    private static bool IsLocalChar(char c) => IsAlnum(c) || c is '.' or '_' or '%' or '+' or '-';

    /// <summary>An IPv6 address around ':' (hex group looked up backwards), with '::' and an IPv4 tail allowed.</summary>
    private static bool TryIpv6(ReadOnlySpan<char> s, int colon, int lastEnd, out Found hit)
    {
        hit = default;
        var start = colon;
        while (start > lastEnd && colon - start < 4 && IsHex(s[start - 1]))
        {
            start--;
        }

        var before = At(s, start - 1);
        if (start < lastEnd || IsWordChar(before) || before is ':' or '.' or '-')
        {
            return false;
        }

        var pos = start;
        var groups = 0;
        var compressed = false;
        var sawDigit = false;
        if (At(s, pos) == ':')
        {
            if (At(s, pos + 1) != ':')
            {
                return false;
            }

            compressed = true;
            pos += 2;
        }

        while (groups < 9)
        {
            var g = pos;
            while (pos < s.Length && IsHex(s[pos]) && pos - g <= 4)
            {
                sawDigit |= IsDigit(s[pos]);
                pos++;
            }

            var len = pos - g;
            if (len == 0)
            {
                break;
            }

            if (len > 4)
            {
                return false;
            }

            if (At(s, pos) == '.' && (compressed ? groups <= 5 : groups == 6))
            {
                Span<int> ends = stackalloc int[MaxGroups];
                Span<int> lens = stackalloc int[MaxGroups];
                if (ReadGroups(s, g, ends, lens, out var sep) >= 4 && sep == '.' && IsIpv4Groups(s, g, lens[..4]))
                {
                    pos = ends[3];
                    groups += 2;
                    sawDigit = true;
                }

                break;
            }

            groups++;
            if (At(s, pos) != ':')
            {
                break;
            }

            if (At(s, pos + 1) == ':')
            {
                if (compressed)
                {
                    break;
                }

                compressed = true;
                pos += 2;
            }
            else if (IsHex(At(s, pos + 1)))
            {
                pos++;
            }
            else
            {
                break;
            }
        }

        var valid = compressed ? groups <= 7 && sawDigit : groups == 8;
        var after = At(s, pos);
        if (!valid || IsWordChar(after) || (after == ':' && IsHex(At(s, pos + 1))) || (after == '.' && IsDigit(At(s, pos + 1))))
        {
            return false;
        }

        hit = new Found(start, pos, EntityTypes.IpAddress);
        return true;
    }

    /// <summary>An IBAN at <paramref name="start"/> (two capitals), compact or printed in groups of four.</summary>
    private static bool TryIban(ReadOnlySpan<char> s, int start, out int end)
    {
        end = 0;
        var expected = Validators.IbanLength(s[start], s[start + 1]);
        if (expected == 0 || !IsDigit(At(s, start + 2)) || !IsDigit(At(s, start + 3)))
        {
            return false;
        }

        Span<char> iban = stackalloc char[34];
        var n = 0;
        var pos = start;
        while (n < expected)
        {
            var c = At(s, pos);
            if (IsDigit(c) || IsUpper(c))
            {
                iban[n++] = c;
                pos++;
            }
            else if (c == ' ' && n % 4 == 0 && n > 0 && (IsDigit(At(s, pos + 1)) || IsUpper(At(s, pos + 1))))
            {
                pos++;
            }
            else
            {
                return false;
            }
        }

        if (IsWordChar(At(s, pos)) || !Validators.IsIbanChecksumValid(iban[..n]))
        {
            return false;
        }

        end = pos;
        return true;
    }
}
