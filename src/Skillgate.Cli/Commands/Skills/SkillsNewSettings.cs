using System.ComponentModel;
using Skillgate.Skills;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>Settings of <c>skillgate skills new</c>.</summary>
internal sealed class SkillsNewSettings : CommandSettings
{
    /// <summary>The skill's name, also its folder's.</summary>
    [CommandArgument(0, "<NAME>")]
    [Description("The skill's name: lowercase a-z, 0-9 and single hyphens, at most 64 characters; also the folder's name.")]
    public string Name { get; init; } = string.Empty;

    /// <summary>Where the skill folder is made.</summary>
    [CommandOption("--dir <DIR>")]
    [Description("Folder to create the skill in (default: the current folder).")]
    public string? Directory { get; init; }

    /// <summary>The description to start with.</summary>
    [CommandOption("--description <TEXT>")]
    [Description("What the skill does and when to use it (at most 1024 characters; a placeholder when omitted).")]
    public string? Description { get; init; }

    /// <summary>Machine-readable output.</summary>
    [CommandOption("--json")]
    [Description("Print one JSON object: {\"path\": ..., \"files\": [...]}.")]
    public bool Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        var errors = SkillValidator.CheckName(Name, forUpload: true);
        if (errors.Count > 0)
        {
            return ValidationResult.Error(string.Join("; ", errors));
        }

        return Description is { } d && (d.Length > 1024 || d.AsSpan().IndexOfAny('<', '>') >= 0 || string.IsNullOrWhiteSpace(d))
            ? ValidationResult.Error("--description must be 1 to 1024 characters without '<' or '>'")
            : ValidationResult.Success();
    }
}
