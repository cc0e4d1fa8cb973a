using System.Text.RegularExpressions;
using Skillgate.Redaction.Recognizers;

namespace Skillgate.Redaction;

/// <summary>
/// Finds sensitive values in text: the built-in types in one pass, then any custom recognizers, minus the allow-list.
/// Thread-safe; build one per set of options and share it.
/// </summary>
public sealed class EntityRecognizer
{
    private readonly HashSet<string> _disabled;
    private readonly HashSet<string> _allowList;
    private readonly CustomRecognizer[] _custom;

    /// <summary>Creates a recognizer; throws <see cref="ArgumentException"/> naming the configuration key of a bad option.</summary>
    public EntityRecognizer(RedactionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var type in options.DisabledEntityTypes)
        {
            if (!EntityTypes.All.Contains(type))
            {
                throw new ArgumentException(
                    $"{RedactionOptions.SectionName}:DisabledEntityTypes contains '{type}', which is not one of {string.Join(", ", EntityTypes.All)}.",
                    nameof(options));
            }
        }

        if (options.CustomPatternTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{RedactionOptions.SectionName}:CustomPatternTimeout must be positive.", nameof(options));
        }

        _disabled = [.. options.DisabledEntityTypes];
        _allowList = new HashSet<string>(options.AllowList, StringComparer.OrdinalIgnoreCase);
        _custom = [.. options.CustomRecognizers.Select((c, i) => new CustomRecognizer(c, options.CustomPatternTimeout, i))];
    }

    /// <summary>
    /// Returns the entities in <paramref name="text"/>, ordered by start and not overlapping; offsets are UTF-16 code units.
    /// Throws <see cref="RedactionFailedException"/> when a recognizer fails (for example a custom pattern times out).
    /// </summary>
    public IReadOnlyList<RedactionEntity> Recognize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<Found>();
        try
        {
            Find(text, found);
        }
        catch (Exception ex) when (ex is not RedactionFailedException)
        {
            throw new RedactionFailedException(
                $"A recognizer failed; the text was not redacted. ({ex.GetType().Name})",
                "api_error",
                ex is RegexMatchTimeoutException ? RedactionFailureReasons.Timeout : RedactionFailureReasons.Recognizer);
        }

        var result = new RedactionEntity[found.Count];
        for (var i = 0; i < found.Count; i++)
        {
            var f = found[i];
            result[i] = new RedactionEntity(f.Type, f.Start, f.End, text[f.Start..f.End]);
        }

        return result;
    }

    private void Find(string text, List<Found> found)
    {
        BuiltInScanner.Scan(text, found);
        if (_disabled.Count > 0)
        {
            found.RemoveAll(f => _disabled.Contains(f.Type));
        }

        if (_custom.Length > 0)
        {
            var extra = new List<Found>();
            foreach (var recognizer in _custom)
            {
                recognizer.Scan(text, extra);
            }

            if (extra.Count > 0)
            {
                found.AddRange(extra);
                Resolve(found);
            }
        }

        if (_allowList.Count > 0)
        {
            found.RemoveAll(f => _allowList.Contains(text[f.Start..f.End]));
        }
    }

    /// <summary>Orders by start and drops overlaps, keeping the longer (then the earlier) span.</summary>
    private static void Resolve(List<Found> found)
    {
        found.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : (b.End - b.Start).CompareTo(a.End - a.Start));
        var w = 0;
        for (var r = 0; r < found.Count; r++)
        {
            var f = found[r];
            if (w > 0 && f.Start < found[w - 1].End)
            {
                if (f.End - f.Start > found[w - 1].End - found[w - 1].Start)
                {
                    found[w - 1] = f;
                }

                continue;
            }

            found[w++] = f;
        }

        found.RemoveRange(w, found.Count - w);
    }
}
