using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Skillgate.Runs.Datasets;

namespace Skillgate.Runs.Templates;

/// <summary>
/// Turns an item into a Messages request body. Either a template file whose <c>{{field}}</c> placeholders are
/// replaced by the item's fields (the result is the user message), or a skill folder: its SKILL.md (without the
/// frontmatter) is the system prompt and the item is the user message (its <c>text</c> field, or all fields as JSON).
/// </summary>
internal sealed partial class PromptTemplate
{
    private readonly string? _userTemplate;

    private PromptTemplate(string name, string? system, string? userTemplate, IReadOnlyList<string> fields)
    {
        Name = name;
        System = system;
        _userTemplate = userTemplate;
        Fields = fields;
    }

    /// <summary>The template's file or skill name, for the summary.</summary>
    public string Name { get; }

    public string? System { get; }

    /// <summary>The fields the template names.</summary>
    public IReadOnlyList<string> Fields { get; }

    public static PromptTemplate Load(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                var skill = Path.Combine(path, "SKILL.md");
                if (!File.Exists(skill))
                {
                    throw new RunInputException($"Template folder '{path}' is not a skill: it has no SKILL.md.");
                }

                var body = StripFrontmatter(File.ReadAllText(skill, Encoding.UTF8)).Trim();
                return body.Length == 0
                    ? throw new RunInputException($"Skill '{skill}' has no instructions after its frontmatter.")
                    : new PromptTemplate(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))), body, null, []);
            }

            if (!File.Exists(path))
            {
                throw new RunInputException($"Template '{path}' does not exist (a prompt template file or a skill folder).");
            }

            return Parse(Path.GetFileName(path), File.ReadAllText(path, Encoding.UTF8));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"Template '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    public static PromptTemplate Parse(string name, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RunInputException($"Template '{name}' is empty.");
        }

        var fields = Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        return new PromptTemplate(name, null, text, fields);
    }

    /// <summary>The fields this item lacks.</summary>
    public IEnumerable<string> MissingFields(DatasetItem item) => Fields.Where(f => item.Get(f) is null);

    public string RenderUser(DatasetItem item)
    {
        if (_userTemplate is not null)
        {
            return Placeholder().Replace(_userTemplate, m => item.Get(m.Groups[1].Value) ?? "");
        }

        if (item.Get("text") is { } text && item.Fields.All(f => f.Key is "text" or "file" or "id"))
        {
            return text;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in item.Fields)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The <c>POST /v1/messages</c> body for the item; without <c>max_tokens</c> for count_tokens.</summary>
    public byte[] RenderBody(DatasetItem item, string model, int? maxTokens)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            if (maxTokens is { } max)
            {
                writer.WriteNumber("max_tokens", max);
            }

            if (System is not null)
            {
                writer.WriteString("system", System);
            }

            writer.WriteStartArray("messages");
            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WriteString("content", RenderUser(item));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string StripFrontmatter(string text)
    {
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return text;
        }

        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            return text;
        }

        var after = text.IndexOf('\n', end + 4);
        return after < 0 ? "" : text[(after + 1)..];
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
