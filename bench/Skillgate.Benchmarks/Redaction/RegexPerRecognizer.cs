using System.Text.RegularExpressions;

namespace Skillgate.Benchmarks.Redaction;

/// <summary>The usual approach, kept as the baseline: one compiled regular expression per entity type, each a full pass.</summary>
internal sealed class RegexPerRecognizer
{
    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant;

    private readonly Regex[] _patterns =
    [
        new(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", Options),
        new(@"(?<![\w+])(?:\+\d{1,3}[ -]?)?(?:\(\d{3}\) ?\d{3}-\d{4}|1[3-9]\d[ -]?\d{4}[ -]?\d{4}|\d{3}-\d{3}-\d{4})(?!\w)", Options),
        new(@"(?<!\d)\d{17}[\dXx](?![\w])", Options),
        new(@"(?<![\d-])(?:\d{4}[ -]?){3}\d{1,4}(?![\d-])", Options),
        new(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", Options),
        new(@"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F:.]+", Options),
        new(@"sk-(?:ant|proj)-[\w-]{20,}|AKIA[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{30,}|eyJ[\w-]+\.[\w-]+\.[\w-]*|-----BEGIN [A-Z ]*PRIVATE KEY-----", Options),
    ];

    public int Count(string text)
    {
        var n = 0;
        foreach (var regex in _patterns)
        {
            for (var m = regex.Match(text); m.Success; m = m.NextMatch())
            {
                n++;
            }
        }

        return n;
    }
}
