namespace Skillgate.Simulator.Skills;

/// <summary>One file of a skill version: its path inside the skill folder (<c>SKILL.md</c>, <c>scripts/run.py</c>) and bytes.</summary>
internal sealed record SkillFile(string Path, byte[] Content);
