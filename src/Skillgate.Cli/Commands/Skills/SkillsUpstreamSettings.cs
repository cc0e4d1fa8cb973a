using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Skills;

/// <summary>The upstream of <c>skills push|list|pull</c>: the Claude API, the gateway or the simulator.</summary>
internal abstract class SkillsUpstreamSettings : CommandSettings
{
    /// <summary>The upstream's base URL.</summary>
    [CommandOption("--url <URL>")]
    [Description("Base URL of the Claude API, the gateway (skillgate serve) or the simulator (skillgate sim); default ANTHROPIC_BASE_URL, else https://api.anthropic.com when ANTHROPIC_API_KEY is set.")]
    public string? Url { get; init; }

    /// <summary>The API key.</summary>
    [CommandOption("--api-key <KEY>")]
    [Description("API key; default ANTHROPIC_API_KEY, else the simulator's default key (a gateway without client keys takes any).")]
    public string? ApiKey { get; init; }

    /// <summary>Machine-readable output.</summary>
    [CommandOption("--json")]
    [Description("Print JSON instead of text.")]
    public bool Json { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate() =>
        Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            ? ValidationResult.Error($"--url must be an absolute http(s) URL: {Url}")
            : ValidationResult.Success();
}
