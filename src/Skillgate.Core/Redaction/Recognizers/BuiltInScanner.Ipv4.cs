namespace Skillgate.Redaction.Recognizers;

internal static partial class BuiltInScanner
{
    private static readonly string[] VersionWords =
        ["version", "build", "release", "section", "clause", "oid", "ref", "§", "版本", "版本号", "章节"];

    private static readonly string[] VersionVerbs = ["upgrad", "downgrad", "updat", "bump", "roll", "patch", "升级"];

    /// <summary>
    /// A four-part version, section number or OID, not an address: "version 2.1.0.5", "Section 14.8.2.2", "OID 1.3.101.112", "\"assemblyVersion\": \"10.0.0.0\"", "Version=4.0.0.0",
    /// "upgrade V8 to 3.6.6.25", "版本 1.2.3.4".
    /// </summary>
    private static bool FollowsVersionWord(ReadOnlySpan<char> s, int p)
    {
        var before = s[Math.Max(0, p - 24)..p].TrimEnd(" :=\"'(：");
        foreach (var word in VersionWords)
        {
            // "assemblyVersion" counts; "href" does not count as "ref".
            if (before.EndsWith(word, StringComparison.OrdinalIgnoreCase)
                && (word == "version" || before.Length == word.Length || !IsAsciiLetter(before[^(word.Length + 1)])))
            {
                return true;
            }
        }

        // "$Id: file.c,v 1.10.2.3": a lone 'v' word.
        if (before.Length > 0 && before[^1] is 'v' or 'V' && (before.Length == 1 || !IsAsciiLetter(before[^2])))
        {
            return true;
        }

        // "update to", "upgraded V8 to", "roll V8 back to", "v8: upgrade 3.21.18.3".
        var verb = before.EndsWith(" to", StringComparison.OrdinalIgnoreCase) ? before : before[Math.Max(0, before.Length - 9)..];
        foreach (var stem in VersionVerbs)
        {
            var at = verb.IndexOf(stem, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && (at == 0 || !IsAsciiLetter(verb[at - 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIpv4Groups(ReadOnlySpan<char> s, int p, ReadOnlySpan<int> lens)
    {
        var pos = p;
        foreach (var l in lens)
        {
            if (l is < 1 or > 3 || (l > 1 && s[pos] == '0'))
            {
                return false;
            }

            var v = 0;
            for (var i = 0; i < l; i++)
            {
                v = (v * 10) + (s[pos + i] - '0');
            }

            if (v > 255)
            {
                return false;
            }

            pos += l + 1;
        }

        return true;
    }
}
