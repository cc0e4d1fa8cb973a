using System.Text;
using System.Text.Json;

namespace Skillgate.Skills;

/// <summary>
/// Runs skills over plain Messages, for upstreams without code execution and for local development: progressive
/// disclosure is done by Skillgate instead of a container. Level 1 (every skill's name and description) goes in the
/// system prompt (<see cref="BuildInstructions"/>); level 2 (a skill's <c>SKILL.md</c> body) comes back from the
/// <c>load_skill</c> tool; level 3 (a file under the skill) from <c>read_skill_file</c>, with path checks. Bundled
/// scripts are never executed: the model may read them, not run them. The library (<c>UseSkills</c>), the gateway
/// (<c>POST /v1/skill-runs</c>) and <c>skillgate run</c> drive their tool loops with this one type.
/// </summary>
public sealed class PortableSkillRuntime
{
    /// <summary>The tool that loads a skill's instructions (level 2). Input: <c>{"name": "skill-name"}</c>.</summary>
    public const string LoadSkillTool = "load_skill";

    /// <summary>The tool that reads a file of a skill (level 3). Input: <c>{"skill": "skill-name", "path": "references/x.md"}</c>.</summary>
    public const string ReadSkillFileTool = "read_skill_file";

    private const string LoadSkillDescription = "Loads the full instructions of one of the available skills. Call it when a skill's description matches the task, before doing the task.";
    private const string ReadSkillFileDescription = "Reads a text file bundled with a skill (e.g. references/REFERENCE.md), as the skill's instructions point to it. The path is relative to the skill's folder.";

    private static readonly JsonElement LoadSkillSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"name":{"type":"string","description":"The skill's name, as listed."}},"required":["name"]}""").RootElement.Clone();

    private static readonly JsonElement ReadSkillFileSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"skill":{"type":"string","description":"The skill's name."},"path":{"type":"string","description":"The file's path relative to the skill folder, e.g. references/REFERENCE.md."}},"required":["skill","path"]}""").RootElement.Clone();

    /// <summary>Creates a runtime over <paramref name="skills"/>.</summary>
    /// <param name="skills">The skills offered to the model.</param>
    /// <param name="options">The limits; default <see cref="PortableSkillOptions"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public PortableSkillRuntime(SkillSet skills, PortableSkillOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(skills);
        Skills = skills;
        Options = options ?? new PortableSkillOptions();
        Options.Validate();
    }

    /// <summary>The skills offered.</summary>
    public SkillSet Skills { get; }

    /// <summary>The limits.</summary>
    public PortableSkillOptions Options { get; }

    /// <summary>The runtime's tools as <c>(name, description, input JSON schema)</c>, to declare to the model.</summary>
    public static IReadOnlyList<(string Name, string Description, JsonElement InputSchema)> Tools { get; } =
    [
        (LoadSkillTool, LoadSkillDescription, LoadSkillSchema),
        (ReadSkillFileTool, ReadSkillFileDescription, ReadSkillFileSchema),
    ];

    /// <summary>Whether <paramref name="toolName"/> is one of the runtime's tools (the loop runs only those).</summary>
    public static bool IsRuntimeTool(string? toolName) => toolName is LoadSkillTool or ReadSkillFileTool;

    /// <summary>
    /// The system prompt of a run: level 1 of every skill, how to load them, and — when <paramref name="activeSkill"/>
    /// names one — that skill's body already loaded (the caller chose it, so the model need not).
    /// </summary>
    /// <exception cref="SkillRunException"><paramref name="activeSkill"/> names no skill of the set.</exception>
    public string BuildInstructions(string? activeSkill = null)
    {
        var active = activeSkill is null ? null : Require(activeSkill);
        var text = new StringBuilder();
        text.Append("You have skills: folders of instructions and files for specific tasks. Each is listed by name with a description of when to use it.\n")
            .Append("When a skill fits the task, call `").Append(LoadSkillTool).Append("` with its name to get its instructions, then follow them. ")
            .Append("Read the files they point to with `").Append(ReadSkillFileTool).Append("` (paths relative to the skill folder). ")
            .Append("Scripts bundled with a skill cannot be run here: read them if useful and do their steps yourself.\n\n")
            .Append("<available_skills>\n");
        foreach (var skill in Skills.Skills)
        {
            text.Append("<skill><name>").Append(skill.Definition!.Name).Append("</name><description>")
                .Append(skill.Definition.Description).Append("</description></skill>\n");
        }

        text.Append("</available_skills>");
        if (active is not null)
        {
            text.Append("\n\nThe skill `").Append(active.Definition!.Name).Append("` is already loaded for this task; its instructions:\n\n")
                .Append(LoadBody(active));
        }

        return text.ToString();
    }

    /// <summary>
    /// Runs one call of a runtime tool. A refused call (unknown skill or tool, a path outside the skill, a file too large
    /// or not text) is an error result for the model to read, never an exception: the run goes on.
    /// </summary>
    /// <param name="toolName"><see cref="LoadSkillTool"/> or <see cref="ReadSkillFileTool"/>.</param>
    /// <param name="input">The tool call's input object.</param>
    public SkillToolResult Invoke(string toolName, JsonElement input)
    {
        string? Field(string name) =>
            input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        switch (toolName)
        {
            case LoadSkillTool:
                return Field("name") is not { Length: > 0 } name
                    ? new SkillToolResult("load_skill needs {\"name\": \"<skill name>\"}.", IsError: true)
                    : Skills.Find(name) is { } skill
                        ? new SkillToolResult(LoadBody(skill), IsError: false)
                        : new SkillToolResult($"No skill named '{name}'. Available: {Names()}.", IsError: true);
            case ReadSkillFileTool:
                if (Field("skill") is not { Length: > 0 } owner || Field("path") is not { } path)
                {
                    return new SkillToolResult("read_skill_file needs {\"skill\": \"<skill name>\", \"path\": \"<relative path>\"}.", IsError: true);
                }

                return Skills.Find(owner) is { } folder
                    ? SkillFileReader.Read(folder, path, Options.MaxFileBytes)
                    : new SkillToolResult($"No skill named '{owner}'. Available: {Names()}.", IsError: true);
            default:
                return new SkillToolResult($"Unknown tool '{toolName}'.", IsError: true);
        }
    }

    /// <summary>The error of a run whose model kept calling tools after <see cref="PortableSkillOptions.MaxToolIterations"/> rounds.</summary>
    public SkillRunException TooManyIterations() => new(SkillRunError.TooManyToolIterations,
        $"the skill run stopped after {Options.MaxToolIterations} rounds of tool calls (PortableSkillOptions.MaxToolIterations); the model kept calling {LoadSkillTool}/{ReadSkillFileTool}");

    /// <summary>The skill named <paramref name="name"/>.</summary>
    /// <exception cref="SkillRunException">The set holds no such skill.</exception>
    public SkillFolder Require(string name) => Skills.Find(name)
        ?? throw new SkillRunException(SkillRunError.UnknownSkill, $"no skill named '{name}' (available: {Names()})");

    private static string LoadBody(SkillFolder skill) =>
        $"# Skill: {skill.Definition!.Name}\n(Files of this skill: {string.Join(", ", skill.Files.Select(f => f.RelativePath))})\n\n{skill.Definition.Body.Trim()}";

    private string Names() => string.Join(", ", Skills.Skills.Select(s => s.Definition!.Name));
}
