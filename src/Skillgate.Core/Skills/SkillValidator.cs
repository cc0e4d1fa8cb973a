using System.Text;

namespace Skillgate.Skills;

/// <summary>
/// Validates skill folders against the Agent Skills specification: every problem with its file and line, never only
/// the first. A skill the specification's reference validator (<c>skills-ref validate</c>) accepts is valid here too;
/// the one addition is that nothing may lead outside the folder (a symlink, a link in <c>SKILL.md</c>), since an upload
/// holds only the folder. The Claude API's upload rules are warnings unless <see cref="SkillValidationOptions.ForUpload"/>.
/// </summary>
public static class SkillValidator
{
    /// <summary>The skill file's name.</summary>
    public const string SkillFileName = "SKILL.md";

    private const string LowercaseSkillFileName = "skill.md";

    /// <summary>Validates the skill folder at <paramref name="directory"/>.</summary>
    /// <param name="directory">The skill folder; its name must equal the skill's <c>name</c>.</param>
    /// <param name="options">The rules to apply; default <see cref="SkillValidationOptions"/> (the specification's).</param>
    public static SkillValidationResult Validate(string directory, SkillValidationOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new SkillValidationOptions();
        var problems = new List<SkillProblem>();
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        if (!Directory.Exists(root))
        {
            var what = File.Exists(root) ? "is a file, not a skill folder" : "does not exist";
            problems.Add(new(".", null, SkillProblemSeverity.Error, SkillProblemCodes.Folder, $"'{directory}' {what}"));
            return new SkillValidationResult(directory, null, problems);
        }

        var files = SkillFolderScanner.Scan(root, problems);
        var skillFile = files.FirstOrDefault(f => f.RelativePath == SkillFileName)
            ?? files.FirstOrDefault(f => f.RelativePath == LowercaseSkillFileName);
        SkillDefinition? definition = null;
        if (skillFile is null)
        {
            problems.Add(new(SkillFileName, null, SkillProblemSeverity.Error, SkillProblemCodes.MissingSkillFile,
                $"missing required file SKILL.md at the root of '{directory}'"));
        }
        else
        {
            if (skillFile.RelativePath == LowercaseSkillFileName)
            {
                problems.Add(new(LowercaseSkillFileName, null, Upload(options), SkillProblemCodes.SkillFileName, "the skill file is spelled skill.md; the Claude API expects SKILL.md"));
            }

            definition = CheckSkillFile(skillFile, Path.GetFileName(root), root, options, problems);
        }

        if (files.Sum(f => f.Length) is var total && total > options.MaxUploadBytes)
        {
            var largest = string.Join(", ", files.OrderByDescending(f => f.Length).Take(3).Select(f => $"{f.RelativePath} {Size(f.Length)}"));
            problems.Add(new(".", null, Upload(options), SkillProblemCodes.UploadSize,
                $"the skill's files add up to {Size(total)}, over the upload limit of {Size(options.MaxUploadBytes)} (largest: {largest})"));
        }

        var folder = new SkillFolder(root, skillFile?.RelativePath ?? SkillFileName, definition, files);
        return new SkillValidationResult(directory, folder, Sorted(problems)) { Definition = definition };
    }

    /// <summary>
    /// Validates the content of a <c>SKILL.md</c> on its own (e.g. one received in an upload): frontmatter and fields, and
    /// the name against <paramref name="folderName"/> when given. Links and files are not checked.
    /// </summary>
    public static SkillValidationResult ValidateSkillFile(string content, string? folderName = null, SkillValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var problems = new List<SkillProblem>();
        var markdown = SkillMarkdown.Parse(content, SkillFileName, problems);
        var definition = SkillFrontmatterRules.Check(markdown, SkillFileName, folderName, options ?? new SkillValidationOptions(), problems);
        return new SkillValidationResult(SkillFileName, null, Sorted(problems)) { Definition = definition };
    }

    /// <summary>
    /// The problems of <paramref name="name"/> as a skill name: the specification's rule (lowercase letters and digits,
    /// single inner hyphens, at most 64 characters) and, with <paramref name="forUpload"/>, the Claude API's
    /// (<c>[a-z0-9-]</c> only, no reserved word). Empty when the name is valid.
    /// </summary>
    public static IReadOnlyList<string> CheckName(string name, bool forUpload = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            return ["name must be a non-empty string"];
        }

        var normalized = SkillFrontmatterRules.NormalizeName(name);
        var errors = SkillFrontmatterRules.NameFormatErrors(normalized).ToList();
        if (forUpload)
        {
            errors.AddRange(SkillFrontmatterRules.UploadNameErrors(normalized).Where(e => errors.Count == 0 || e.Code != SkillProblemCodes.NameAscii).Select(e => e.Message));
        }

        return errors;
    }

    private static SkillDefinition? CheckSkillFile(SkillFile skillFile, string folderName, string root, SkillValidationOptions options, List<SkillProblem> problems)
    {
        string content;
        try
        {
            content = File.ReadAllText(skillFile.FullPath, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(skillFile.RelativePath, null, SkillProblemSeverity.Error, SkillProblemCodes.MissingSkillFile, $"cannot read it: {ex.Message}"));
            return null;
        }

        var markdown = SkillMarkdown.Parse(content, skillFile.RelativePath, problems);
        var definition = SkillFrontmatterRules.Check(markdown, skillFile.RelativePath, folderName, options, problems);
        if (markdown.Frontmatter is not null)
        {
            SkillLinks.Check(markdown.Body, markdown.BodyLine, skillFile.RelativePath, root, problems);
            var bodyLines = markdown.Body.TrimEnd().Split('\n').Length;
            if (bodyLines > options.RecommendedMaxBodyLines)
            {
                problems.Add(new(skillFile.RelativePath, markdown.BodyLine, SkillProblemSeverity.Warning, SkillProblemCodes.BodyLength,
                    $"the body has {bodyLines} lines; keep it under {options.RecommendedMaxBodyLines} and move detail to references/ (loaded only when needed)"));
            }
        }

        return definition;
    }

    private static SkillProblemSeverity Upload(SkillValidationOptions options) => options.ForUpload ? SkillProblemSeverity.Error : SkillProblemSeverity.Warning;

    private static List<SkillProblem> Sorted(List<SkillProblem> problems) =>
        [.. problems.Select((p, i) => (p, i)).OrderBy(x => x.p.File, StringComparer.Ordinal).ThenBy(x => x.p.Line ?? 0).ThenBy(x => x.i).Select(x => x.p)];

    internal static string Size(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.0} MiB"
        : bytes >= 1024 ? $"{bytes / 1024.0:0.0} KiB" : $"{bytes} B";
}
