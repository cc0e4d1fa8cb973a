using System.Buffers;

namespace Skillgate.Redaction.Recognizers;

/// <summary>
/// One pass over the text for every built-in entity type. A vectorized search jumps to the next trigger character
/// (a digit, '@', '+', ':', '-', '_', 'A', 'J'); the handler for that character looks around it, parses the candidate
/// once and validates it (Luhn, mod 97, GB 11643, octet ranges, JWT header). Candidates never start before the end of
/// the previous entity, so the output is ordered and non-overlapping.
/// </summary>
internal static partial class BuiltInScanner
{
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@+:-_AJ");

    public static void Scan(ReadOnlySpan<char> s, List<Found> results)
    {
        var lastEnd = 0;
        var i = 0;
        while (i < s.Length)
        {
            var k = s[i..].IndexOfAny(Triggers);
            if (k < 0)
            {
                return;
            }

            i += k;
            var c = s[i];
            var next = i + 1;
            Found hit = default;
            var ok = c switch
            {
                >= '0' and <= '9' => ScanDigits(s, i, lastEnd, out hit, out next),
                '@' => TryEmail(s, i, lastEnd, out hit),
                '+' => TryPlusPhone(s, i, lastEnd, out hit),
                ':' => TryIpv6(s, i, lastEnd, out hit),
                '-' => TryDashSecret(s, i, lastEnd, out hit),
                '_' => TryUnderscoreSecret(s, i, lastEnd, out hit),
                'A' => TryAwsKey(s, i, out hit),
                _ => TryJwt(s, i, lastEnd, out hit),
            };
            if (ok)
            {
                results.Add(hit);
                lastEnd = hit.End;
                i = hit.End;
            }
            else
            {
                i = Math.Max(next, i + 1);
            }
        }
    }

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    private static bool IsUpper(char c) => (uint)(c - 'A') <= 'Z' - 'A';

    private static bool IsAlnum(char c) => IsDigit(c) || IsAsciiLetter(c);

    private static bool IsWordChar(char c) => IsAlnum(c) || c == '_';

    private static bool IsHex(char c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 'f' - 'a';

    private static bool IsTokenChar(char c) => IsAlnum(c) || c is '_' or '-';

    private static char At(ReadOnlySpan<char> s, int i) => (uint)i < (uint)s.Length ? s[i] : '\0';

    /// <summary>A token (secret) may start at <paramref name="start"/>: the previous character is not part of a word.</summary>
    private static bool TokenStartOk(ReadOnlySpan<char> s, int start, int lastEnd)
        => start >= lastEnd && start >= 0 && !IsTokenChar(At(s, start - 1));

    private static int TokenRunEnd(ReadOnlySpan<char> s, int from)
    {
        var e = from;
        while (e < s.Length && IsTokenChar(s[e]))
        {
            e++;
        }

        return e;
    }
}
