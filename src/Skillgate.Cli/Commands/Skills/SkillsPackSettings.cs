using System.ComponentModel;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>Settings of <c>skillgate skills pack</c>.</summary>
internal sealed class SkillsPackSettings : CommandSettings
{
    /// <summary>The skill folder.</summary>
    [CommandArgument(0, "<DIR>")]
    [Description("The skill folder to pack.")]
    public string Directory { get; init; } = string.Empty;

    /// <summary>The zip to write.</summary>
    [CommandOption("-o|--output <FILE>")]
    [Description("The zip to write (default NAME.zip in the current folder).")]
    public string? Output { get; init; }

    /// <summary>Replace an existing zip.</summary>
    [CommandOption("--force")]
    [Description("Replace the zip when it exists.")]
    public bool Force { get; init; }

    /// <summary>Machine-readable output.</summary>
    [CommandOption("--json")]
    [Description("Print one JSON object: {\"path\", \"files\", \"bytes\", \"content_hash\"}.")]
    public bool Json { get; init; }
}
