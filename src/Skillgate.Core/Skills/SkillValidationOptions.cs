namespace Skillgate.Skills;

/// <summary>How <see cref="SkillValidator"/> judges a skill folder.</summary>
public sealed class SkillValidationOptions
{
    /// <summary>The Claude API's upload limit: 8 MiB for all files of a skill together.</summary>
    public const long DefaultMaxUploadBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Whether the rules the Claude API applies on upload, beyond the Agent Skills specification, are errors:
    /// a <c>name</c> of <c>[a-z0-9-]</c> only and without <c>anthropic</c> or <c>claude</c>, no <c>&lt;</c> or <c>&gt;</c> in
    /// <c>description</c>, the file spelled <c>SKILL.md</c>, and <see cref="MaxUploadBytes"/>. Default
    /// <see langword="false"/>: they are reported as warnings, so every skill the specification's reference validator
    /// (<c>skills-ref validate</c>) accepts is valid. <c>skills pack</c> and <c>skills push</c> set it.
    /// </summary>
    public bool ForUpload { get; set; }

    /// <summary>The most bytes all files of the skill may add up to. Default <see cref="DefaultMaxUploadBytes"/> (8 MiB).</summary>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>The most lines the body of <c>SKILL.md</c> should have before a warning suggests moving detail to <c>references/</c>. Default 500.</summary>
    public int RecommendedMaxBodyLines { get; set; } = 500;
}
