using System.ComponentModel;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>Settings of <c>skillgate skills push</c>.</summary>
internal sealed class SkillsPushSettings : SkillsUpstreamSettings
{
    /// <summary>The skill folders.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("Skill folders to push.")]
    public string[] Directories { get; init; } = [];

    /// <summary>The lock file.</summary>
    [CommandOption("--lock <FILE>")]
    [Description("The lock file recording each pushed skill's id, version and content hash (default .skillgate/skills.json beside each skill folder).")]
    public string? Lock { get; init; }

    /// <summary>The display title of a newly created skill.</summary>
    [CommandOption("--title <TITLE>")]
    [Description("Display title of a newly created skill (default: the API derives it from the name).")]
    public string? Title { get; init; }
}
