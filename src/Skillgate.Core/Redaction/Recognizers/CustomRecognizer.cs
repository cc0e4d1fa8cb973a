using System.Globalization;
using System.Text.RegularExpressions;

namespace Skillgate.Redaction.Recognizers;

/// <summary>A configured recognizer: one regular expression with an optional validator and context words.</summary>
internal sealed class CustomRecognizer
{
    private readonly Regex _regex;
    private readonly Func<string, bool>? _validator;
    private readonly string[] _contextWords;
    private readonly int _contextWindow;

    public CustomRecognizer(CustomRecognizerOptions options, TimeSpan timeout, int index)
    {
        var key = $"{RedactionOptions.SectionName}:CustomRecognizers:{index}";
        if (string.IsNullOrWhiteSpace(options.Type) || !options.Type.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException($"{key}:Type must be upper-case letters, digits and '_'.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.Pattern))
        {
            throw new ArgumentException($"{key}:Pattern is required.", nameof(options));
        }

        try
        {
            _regex = new Regex(options.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, timeout);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"{key}:Pattern is not a valid regular expression.", nameof(options));
        }

        _validator = options.ValidatorFunc ?? options.Validator?.ToLowerInvariant() switch
        {
            null or "" or "none" => null,
            "luhn" => static v => Validators.IsLuhnValid(v),
            "mod97" => static v => Validators.IsIbanChecksumValid(v.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()),
            "cn-resident-id" => static v => Validators.IsCnResidentId(v),
            _ => throw new ArgumentException($"{key}:Validator must be luhn, mod97, cn-resident-id or none.", nameof(options)),
        };
        if (options.ContextWindow < 0)
        {
            throw new ArgumentException($"{key}:ContextWindow must not be negative.", nameof(options));
        }

        Type = options.Type;
        _contextWords = [.. options.ContextWords.Where(w => !string.IsNullOrWhiteSpace(w))];
        _contextWindow = options.ContextWindow;
    }

    public string Type { get; }

    public void Scan(string text, List<Found> results)
    {
        for (var m = _regex.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0 || !HasContext(text, m.Index) || (_validator is not null && !_validator(m.Value)))
            {
                continue;
            }

            results.Add(new Found(m.Index, m.Index + m.Length, Type));
        }
    }

    private bool HasContext(string text, int index)
    {
        if (_contextWords.Length == 0)
        {
            return true;
        }

        var from = Math.Max(0, index - _contextWindow);
        var window = text.AsSpan(from, index - from);
        foreach (var word in _contextWords)
        {
            if (CultureInfo.InvariantCulture.CompareInfo.IndexOf(window, word, CompareOptions.IgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
