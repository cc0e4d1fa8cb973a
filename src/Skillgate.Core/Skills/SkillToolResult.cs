namespace Skillgate.Skills;

/// <summary>What one call of a runtime tool (<c>load_skill</c>, <c>read_skill_file</c>) answers, as the model's <c>tool_result</c>.</summary>
/// <param name="Content">The text handed back: the skill's body, the file's text, or why the call was refused.</param>
/// <param name="IsError">Whether the call was refused (a path outside the skill, an unknown skill, a file too large or not text).</param>
public sealed record SkillToolResult(string Content, bool IsError);
