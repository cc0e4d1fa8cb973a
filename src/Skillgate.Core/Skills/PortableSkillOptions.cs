namespace Skillgate.Skills;

/// <summary>Limits of a portable skill run (<see cref="PortableSkillRuntime"/>).</summary>
public sealed class PortableSkillOptions
{
    /// <summary>
    /// How many rounds of runtime tool calls one run may make; a model still calling them after that ends the run with
    /// <see cref="SkillRunError.TooManyToolIterations"/>. Default 8 (a skill and a few of its files).
    /// </summary>
    public int MaxToolIterations { get; set; } = 8;

    /// <summary>The largest file <c>read_skill_file</c> returns, in bytes. Default 256 KiB; larger files are refused.</summary>
    public long MaxFileBytes { get; set; } = 256 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the setting when a limit is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxToolIterations, 1, nameof(MaxToolIterations));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxToolIterations, 100, nameof(MaxToolIterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFileBytes, 1, nameof(MaxFileBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFileBytes, 8L * 1024 * 1024, nameof(MaxFileBytes));
    }
}
