using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Skillgate.Skills;

/// <summary>
/// The frontmatter rules of the Agent Skills specification as its reference validator (<c>skills-ref validate</c>)
/// applies them, plus the Claude API's upload rules (errors only with <see cref="SkillValidationOptions.ForUpload"/>).
/// Scalars are read as strings whatever they look like (<c>name: 123</c> is the name "123"), as the reference validator's
/// strict YAML does; lengths count Unicode characters, not UTF-16 units.
/// </summary>
internal static class SkillFrontmatterRules
{
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 1024;
    public const int MaxCompatibilityLength = 500;

    private static readonly string[] Allowed = ["name", "description", "license", "allowed-tools", "metadata", "compatibility"];
    private static readonly string[] ReservedWords = ["anthropic", "claude"];

    public static SkillDefinition? Check(SkillMarkdown markdown, string file, string? folderName, SkillValidationOptions options, List<SkillProblem> problems)
    {
        if (markdown.Frontmatter is not { } map)
        {
            return null;
        }

        var fields = new Dictionary<string, KeyValuePair<YamlNode, YamlNode>>(StringComparer.Ordinal);
        foreach (var entry in map.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key })
            {
                problems.Add(Error(file, markdown.FileLine(entry.Key.Start), SkillProblemCodes.UnknownField, "a frontmatter key must be a plain string"));
            }
            else if (!Allowed.Contains(key, StringComparer.Ordinal))
            {
                problems.Add(Error(file, markdown.FileLine(entry.Key.Start), SkillProblemCodes.UnknownField,
                    $"unexpected field '{key}': only {string.Join(", ", Allowed)} are allowed (put anything else under metadata)"));
            }
            else
            {
                fields[key] = entry;
            }
        }

        var upload = options.ForUpload ? SkillProblemSeverity.Error : SkillProblemSeverity.Warning;
        var name = CheckName(markdown, file, folderName, fields, upload, problems);
        var description = CheckDescription(markdown, file, fields, upload, problems);
        var compatibility = OptionalString(markdown, file, fields, "compatibility", problems);
        if (compatibility is not null && Length(compatibility.Value.Text) > MaxCompatibilityLength)
        {
            problems.Add(Error(file, compatibility.Value.Line, SkillProblemCodes.Compatibility,
                $"compatibility is {Length(compatibility.Value.Text)} characters; at most {MaxCompatibilityLength} are allowed"));
        }

        var tools = AllowedTools(markdown, file, fields, problems);
        var metadata = Metadata(markdown, file, fields, problems);
        var license = fields.TryGetValue("license", out var licenseEntry) && licenseEntry.Value is YamlScalarNode licenseScalar ? licenseScalar.Value : null;
        if (licenseEntry.Value is not null and not YamlScalarNode)
        {
            problems.Add(new(file, markdown.FileLine(licenseEntry.Value.Start), SkillProblemSeverity.Warning, SkillProblemCodes.FieldType, "license should be a string (a license name or the file that holds it)"));
        }

        if (name is null || description is null)
        {
            return null;
        }

        return new SkillDefinition(name, description, markdown.Body, markdown.BodyLine)
        {
            License = license,
            Compatibility = compatibility?.Text,
            AllowedTools = tools,
            Metadata = metadata,
        };
    }

    /// <summary>The specification's rule for a name: lowercase letters and digits (any script), single inner hyphens, at most 64 characters.</summary>
    public static IEnumerable<string> NameFormatErrors(string name)
    {
        if (Length(name) > MaxNameLength)
        {
            yield return $"name '{name}' is {Length(name)} characters; at most {MaxNameLength} are allowed";
        }

        if (!string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            yield return $"name '{name}' must be lowercase";
        }

        if (name.StartsWith('-') || name.EndsWith('-'))
        {
            yield return $"name '{name}' must not start or end with a hyphen";
        }

        if (name.Contains("--", StringComparison.Ordinal))
        {
            yield return $"name '{name}' must not contain two hyphens in a row";
        }

        if (!name.EnumerateRunes().All(r => r.Value == '-' || IsLetterOrDigit(r)))
        {
            yield return $"name '{name}' may hold only letters, digits and hyphens";
        }
    }

    /// <summary>The Claude API's stricter rule: <c>[a-z0-9-]</c> only, and no reserved word.</summary>
    public static IEnumerable<(string Code, string Message)> UploadNameErrors(string name)
    {
        if (!name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            yield return (SkillProblemCodes.NameAscii, $"name '{name}' has characters outside a-z, 0-9 and '-', which the Claude API does not accept");
        }

        foreach (var word in ReservedWords.Where(w => name.Contains(w, StringComparison.Ordinal)))
        {
            yield return (SkillProblemCodes.NameReserved, $"name '{name}' contains the reserved word '{word}', which the Claude API does not accept");
        }
    }

    /// <summary>Normalizes a name as the reference validator compares it: trimmed, NFKC.</summary>
    public static string NormalizeName(string name) => name.Trim().Normalize(NormalizationForm.FormKC);

    private static string? CheckName(SkillMarkdown markdown, string file, string? folderName,
        Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, SkillProblemSeverity upload, List<SkillProblem> problems)
    {
        if (!fields.TryGetValue("name", out var entry))
        {
            problems.Add(Error(file, markdown.FrontmatterLine, SkillProblemCodes.MissingField, "missing required field: name"));
            return null;
        }

        var line = markdown.FileLine(entry.Value.Start);
        if (entry.Value is not YamlScalarNode { Value: { } raw } || string.IsNullOrWhiteSpace(raw))
        {
            problems.Add(Error(file, line, entry.Value is YamlScalarNode ? SkillProblemCodes.NameFormat : SkillProblemCodes.FieldType, "name must be a non-empty string"));
            return null;
        }

        var name = NormalizeName(raw);
        var formatErrors = NameFormatErrors(name).ToList();
        problems.AddRange(formatErrors.Select(m => Error(file, line, SkillProblemCodes.NameFormat, m)));
        problems.AddRange(UploadNameErrors(name).Where(e => formatErrors.Count == 0 || e.Code != SkillProblemCodes.NameAscii)
            .Select(e => new SkillProblem(file, line, upload, e.Code, e.Message)));
        if (folderName is not null && !string.Equals(folderName.Normalize(NormalizationForm.FormKC), name, StringComparison.Ordinal))
        {
            problems.Add(Error(file, line, SkillProblemCodes.NameMismatch, $"name '{name}' must equal the folder's name '{folderName}'"));
        }

        return raw.Trim();
    }

    private static string? CheckDescription(SkillMarkdown markdown, string file,
        Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, SkillProblemSeverity upload, List<SkillProblem> problems)
    {
        if (!fields.TryGetValue("description", out var entry))
        {
            problems.Add(Error(file, markdown.FrontmatterLine, SkillProblemCodes.MissingField, "missing required field: description"));
            return null;
        }

        var line = markdown.FileLine(entry.Value.Start);
        if (entry.Value is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
        {
            problems.Add(Error(file, line, entry.Value is YamlScalarNode ? SkillProblemCodes.Description : SkillProblemCodes.FieldType, "description must be a non-empty string"));
            return null;
        }

        if (Length(text) > MaxDescriptionLength)
        {
            problems.Add(Error(file, line, SkillProblemCodes.Description, $"description is {Length(text)} characters; at most {MaxDescriptionLength} are allowed"));
        }

        if (text.AsSpan().IndexOfAny('<', '>') >= 0)
        {
            problems.Add(new(file, line, upload, SkillProblemCodes.DescriptionMarkup, "description contains '<' or '>', which the Claude API does not accept (no XML tags)"));
        }

        return text.Trim();
    }

    private static (string Text, int Line)? OptionalString(SkillMarkdown markdown, string file,
        Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, string key, List<SkillProblem> problems)
    {
        if (!fields.TryGetValue(key, out var entry))
        {
            return null;
        }

        var line = markdown.FileLine(entry.Value.Start);
        if (entry.Value is YamlScalarNode { Value: { } text })
        {
            return (text, line);
        }

        problems.Add(Error(file, line, SkillProblemCodes.FieldType, $"{key} must be a string"));
        return null;
    }

    private static IReadOnlyList<string> AllowedTools(SkillMarkdown markdown, string file,
        Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, List<SkillProblem> problems)
    {
        if (!fields.TryGetValue("allowed-tools", out var entry))
        {
            return [];
        }

        switch (entry.Value)
        {
            case YamlScalarNode scalar:
                return (scalar.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            case YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode):
                return [.. sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? string.Empty)];
            default:
                problems.Add(Error(file, markdown.FileLine(entry.Value.Start), SkillProblemCodes.FieldType, "allowed-tools must be a space-separated string or a list of strings"));
                return [];
        }
    }

    private static Dictionary<string, string> Metadata(SkillMarkdown markdown, string file,
        Dictionary<string, KeyValuePair<YamlNode, YamlNode>> fields, List<SkillProblem> problems)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!fields.TryGetValue("metadata", out var entry))
        {
            return metadata;
        }

        // The reference validator does not check metadata's shape; the specification says a map of strings to strings.
        if (entry.Value is not YamlMappingNode map)
        {
            problems.Add(new(file, markdown.FileLine(entry.Value.Start), SkillProblemSeverity.Warning, SkillProblemCodes.Metadata, "metadata should be a mapping of string keys to string values"));
            return metadata;
        }

        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode { Value: var v })
            {
                metadata[k] = v ?? string.Empty;
            }
            else
            {
                problems.Add(new(file, markdown.FileLine(key.Start), SkillProblemSeverity.Warning, SkillProblemCodes.Metadata, "metadata values should be strings, not lists or mappings"));
            }
        }

        return metadata;
    }

    private static bool IsLetterOrDigit(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    private static int Length(string text) => text.EnumerateRunes().Count();

    private static SkillProblem Error(string file, int line, string code, string message) => new(file, line, SkillProblemSeverity.Error, code, message);
}
