namespace Skillgate.Simulator.Skills;

/// <summary>A skill of a request's <c>container.skills</c>, resolved to the version it runs: <paramref name="Type"/> as
/// sent (<c>anthropic</c> or <c>custom</c>) and <paramref name="RequestedVersion"/> as sent (<c>latest</c> when
/// omitted), which the container reports back.</summary>
internal sealed record ResolvedSkill(string Type, StoredSkill Skill, StoredSkillVersion Version, string RequestedVersion);
