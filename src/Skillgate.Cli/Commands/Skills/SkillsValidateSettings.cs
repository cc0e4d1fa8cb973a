using System.ComponentModel;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>Settings of <c>skillgate skills validate</c>.</summary>
internal sealed class SkillsValidateSettings : CommandSettings
{
    /// <summary>The skill folders.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("Skill folders to validate.")]
    public string[] Directories { get; init; } = [];

    /// <summary>Apply the Claude API's upload rules as errors.</summary>
    [CommandOption("--upload")]
    [Description("Also fail on the Claude API's upload rules (name a-z0-9- without reserved words, no < or > in the description, SKILL.md spelled so, 8 MiB); warnings otherwise.")]
    public bool Upload { get; init; }

    /// <summary>Machine-readable output.</summary>
    [CommandOption("--json")]
    [Description("Print one JSON object per folder (one per line) with its problems.")]
    public bool Json { get; init; }
}
