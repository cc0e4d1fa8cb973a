using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Skillgate.Skills;

/// <summary>
/// Splits <c>SKILL.md</c> into its YAML frontmatter (parsed by YamlDotNet, every node with its line) and its Markdown
/// body. The frontmatter opens with a <c>---</c> first line and closes at the next line that is <c>---</c>.
/// </summary>
internal sealed class SkillMarkdown
{
    private SkillMarkdown(YamlMappingNode? frontmatter, int frontmatterLine, string body, int bodyLine)
    {
        Frontmatter = frontmatter;
        FrontmatterLine = frontmatterLine;
        Body = body;
        BodyLine = bodyLine;
    }

    /// <summary>The frontmatter mapping, or null when it is missing or does not parse (a problem says why).</summary>
    public YamlMappingNode? Frontmatter { get; }

    /// <summary>The file's line of the opening <c>---</c> (1 unless blank lines precede it).</summary>
    public int FrontmatterLine { get; }

    /// <summary>The Markdown after the closing <c>---</c> (or the whole file when there is no frontmatter).</summary>
    public string Body { get; }

    /// <summary>The file's line on which <see cref="Body"/> starts.</summary>
    public int BodyLine { get; }

    /// <summary>Converts a line of a frontmatter node (1-based within the frontmatter) to the file's line.</summary>
    public int FileLine(Mark mark) => FrontmatterLine + (int)mark.Line;

    public static SkillMarkdown Parse(string content, string file, List<SkillProblem> problems)
    {
        if (content.Length > 0 && content[0] == '\uFEFF')
        {
            content = content[1..];
        }

        var lines = content.Split('\n');
        if (lines.Length == 0 || !IsOpening(lines[0]))
        {
            problems.Add(new(file, 1, SkillProblemSeverity.Error, SkillProblemCodes.Frontmatter, "must start with YAML frontmatter: a '---' line, the fields, then another '---' line"));
            return new SkillMarkdown(null, 1, content, 1);
        }

        var close = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == "---")
            {
                close = i;
                break;
            }
        }

        if (close < 0)
        {
            problems.Add(new(file, 1, SkillProblemSeverity.Error, SkillProblemCodes.Frontmatter, "the frontmatter opened on line 1 is never closed with a '---' line"));
            return new SkillMarkdown(null, 1, string.Empty, lines.Length);
        }

        var yaml = string.Join('\n', lines[1..close]);
        var body = string.Join('\n', lines[(close + 1)..]);
        var parsed = new SkillMarkdown(null, 1, body, close + 2);
        var map = ParseYaml(yaml, parsed, file, problems);
        return map is null ? parsed : new SkillMarkdown(map, 1, body, close + 2);
    }

    private static bool IsOpening(string line)
    {
        var trimmed = line.TrimEnd();
        return trimmed == "---" || (trimmed.StartsWith("---", StringComparison.Ordinal) && trimmed[3..].TrimStart().StartsWith('#'));
    }

    private static YamlMappingNode? ParseYaml(string yaml, SkillMarkdown at, string file, List<SkillProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            problems.Add(new(file, at.FileLine(ex.Start), SkillProblemSeverity.Error, SkillProblemCodes.Yaml, $"invalid YAML in the frontmatter: {Describe(ex)}"));
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            var line = stream.Documents.Count == 0 ? at.FrontmatterLine : at.FileLine(stream.Documents[0].RootNode.Start);
            problems.Add(new(file, line, SkillProblemSeverity.Error, SkillProblemCodes.Yaml, "the frontmatter must be a YAML mapping of fields (name: ..., description: ...)"));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(new(file, at.FileLine(stream.Documents[1].RootNode.Start), SkillProblemSeverity.Error, SkillProblemCodes.Yaml, "the frontmatter must be one YAML document"));
            return null;
        }

        return map;
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the problem carries the line.
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var dash = message.LastIndexOf("): ", StringComparison.Ordinal);
        return dash >= 0 && message.StartsWith("(Line:", StringComparison.Ordinal) ? message[(dash + 3)..] : message;
    }
}
