namespace Skillgate.Simulator.Skills;

/// <summary>A skill of a request's <c>container.skills</c>, resolved to the version it runs: <paramref name="Type"/> as
/// sent (<c>anthropic</c> or <c>custom</c>) and the version the container reports.</summary>
internal sealed record ResolvedSkill(string Type, StoredSkill Skill, StoredSkillVersion Version);
