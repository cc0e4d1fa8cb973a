using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>Settings of <c>skillgate skills list</c>.</summary>
internal sealed class SkillsListSettings : SkillsUpstreamSettings
{
    /// <summary>Page size.</summary>
    [CommandOption("--limit <N>")]
    [Description("Skills per page, 1 to 100 (default 20).")]
    [DefaultValue(20)]
    public int Limit { get; init; } = 20;

    /// <summary>Filter by source.</summary>
    [CommandOption("--source <SOURCE>")]
    [Description("Only skills from this source: custom or anthropic.")]
    public string? Source { get; init; }

    /// <summary>The page token of a previous list.</summary>
    [CommandOption("--page <TOKEN>")]
    [Description("The next_page token a previous list printed.")]
    public string? Page { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Limit is < 1 or > 100)
        {
            return ValidationResult.Error("--limit must be 1..100");
        }

        return Source is not (null or "custom" or "anthropic") ? ValidationResult.Error("--source must be custom or anthropic") : base.Validate();
    }
}
