using System.Text.RegularExpressions;

namespace Skillgate.Skills;

/// <summary>
/// Checks the relative links of <c>SKILL.md</c>'s body (<c>[text](references/api.md)</c>, <c>![img](assets/a.png)</c>):
/// one that leads outside the folder (<c>../</c>, an absolute path) is an error, since the upload holds only the folder;
/// one to a file that does not exist is a warning. Links inside fenced code blocks and URLs are not checked.
/// </summary>
internal static partial class SkillLinks
{
    public static void Check(string body, int bodyLine, string file, string root, List<SkillProblem> problems)
    {
        var lines = body.Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                continue;
            }

            foreach (Match match in LinkPattern().Matches(line))
            {
                CheckTarget(match.Groups["target"].Value, bodyLine + i, file, root, problems);
            }
        }
    }

    private static void CheckTarget(string target, int line, string file, string root, List<SkillProblem> problems)
    {
        target = target.Trim('<', '>');
        var cut = target.IndexOfAny(['#', '?']);
        if (cut >= 0)
        {
            target = target[..cut];
        }

        if (target.Length == 0 || SchemePattern().IsMatch(target))
        {
            return;
        }

        target = Uri.UnescapeDataString(target);
        if (target.StartsWith('/') || target.StartsWith('\\') || Path.IsPathRooted(target))
        {
            problems.Add(new(file, line, SkillProblemSeverity.Error, SkillProblemCodes.PathEscape, $"link to '{target}' is an absolute path; link to files inside the skill folder with relative paths"));
            return;
        }

        var full = Path.GetFullPath(Path.Combine(root, target.Replace('\\', '/')));
        if (!SkillFolderScanner.IsInside(full, root))
        {
            problems.Add(new(file, line, SkillProblemSeverity.Error, SkillProblemCodes.PathEscape, $"link to '{target}' leads outside the skill folder, which an upload does not hold"));
        }
        else if (!File.Exists(full) && !Directory.Exists(full))
        {
            problems.Add(new(file, line, SkillProblemSeverity.Warning, SkillProblemCodes.MissingReference, $"link to '{target}': no such file in the skill folder"));
        }
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target><[^>]*>|[^)\s]+)(?:\s+[""'(][^)]*)?\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePattern();
}
