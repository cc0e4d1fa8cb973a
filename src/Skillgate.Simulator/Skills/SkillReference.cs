namespace Skillgate.Simulator.Skills;

/// <summary>One entry of a request's <c>container.skills</c> as sent: <c>type</c>, <c>skill_id</c> and the optional
/// <c>version</c> (<c>latest</c>, a version id, or a 2025 version string).</summary>
internal sealed record SkillReference(string Type, string SkillId, string? Version);
