using System.ComponentModel;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>Settings of <c>skillgate skills pull</c>.</summary>
internal sealed class SkillsPullSettings : SkillsUpstreamSettings
{
    /// <summary>The skill's id.</summary>
    [CommandArgument(0, "<ID>")]
    [Description("The skill's id (skill_...).")]
    public string Id { get; init; } = string.Empty;

    /// <summary>The version; the latest when absent.</summary>
    [CommandOption("--version <VERSION>")]
    [Description("The version to download (default: the latest).")]
    public string? Version { get; init; }

    /// <summary>Where the skill folder goes.</summary>
    [CommandOption("-o|--output <DIR>")]
    [Description("Folder to put the skill's folder in (default: the current folder).")]
    public string? Output { get; init; }

    /// <summary>Replace an existing skill folder.</summary>
    [CommandOption("--force")]
    [Description("Replace the skill's folder when it exists (only once the download is complete and safe).")]
    public bool Force { get; init; }
}
