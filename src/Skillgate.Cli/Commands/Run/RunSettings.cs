using System.ComponentModel;
using System.Globalization;
using Skillgate.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Run;

/// <summary>Settings of <c>skillgate run</c>.</summary>
internal sealed class RunSettings : CommandSettings
{
    [CommandArgument(0, "[TEMPLATE_OR_SKILL]")]
    [Description("A prompt template file with {{field}} placeholders, or a skill folder (its SKILL.md is the system prompt). Not needed with --resume.")]
    public string? Template { get; init; }

    [CommandOption("-i|--input <PATH>")]
    [Description("The dataset: .jsonl, .csv, or a folder of files (PDF, DOCX, XLSX, CSV, text; one item each).")]
    public string? Input { get; init; }

    [CommandOption("-o|--output <FILE>")]
    [Description("The JSONL output, one line per item; the HTML report is written beside it (FILE.html).")]
    public string? Output { get; init; }

    [CommandOption("--model <MODEL>")]
    [Description("The model (default claude-sonnet-4-5).")]
    public string Model { get; init; } = "claude-sonnet-4-5";

    [CommandOption("--max-tokens <N>")]
    [Description("max_tokens of each request (default 1024).")]
    public int MaxTokens { get; init; } = 1024;

    [CommandOption("--deadline <DURATION>")]
    [Description("How long the run may take: 8h, 30m, 90s or hh:mm:ss (default 8h).")]
    public string Deadline { get; init; } = "8h";

    [CommandOption("--mode <MODE>")]
    [Description("auto (default: interactive while the deadline allows, the rest by Message Batches), interactive, or batch.")]
    public string Mode { get; init; } = "auto";

    [CommandOption("--max-cost <USD>")]
    [Description("Stop before the first request when the estimated cost (upper bound) exceeds this many US dollars.")]
    public decimal? MaxCost { get; init; }

    [CommandOption("--concurrency <N>")]
    [Description("Interactive requests in flight at once (default 16; the scheduler paces them to the keys' limits).")]
    public int Concurrency { get; init; } = 16;

    [CommandOption("--batch-poll <DURATION>")]
    [Description("First wait between polls of a Message Batch, doubling up to 60s (default 2s).")]
    public string BatchPoll { get; init; } = "2s";

    [CommandOption("--resume <RUN_ID>")]
    [Description("Continue a stopped or crashed run: nothing answered is sent again.")]
    public string? Resume { get; init; }

    [CommandOption("--store <FILE>")]
    [Description("The run store (SQLite; default skillgate-runs.db in the current folder).")]
    public string Store { get; init; } = "skillgate-runs.db";

    [CommandOption("--prices <FILE>")]
    [Description("A price table overriding the shipped one (same JSON shape).")]
    public string? Prices { get; init; }

    [CommandOption("--url <URL>")]
    [Description("Base URL of the Claude API or a Skillgate gateway; default ANTHROPIC_BASE_URL, else the Claude API when ANTHROPIC_API_KEY is set, else the built-in simulator (offline).")]
    public string? Url { get; init; }

    [CommandOption("--api-key <KEY>")]
    [Description("API key; default ANTHROPIC_API_KEY.")]
    public string[] ApiKeys { get; init; } = [];

    public RunMode ParsedMode => Enum.Parse<RunMode>(Mode, ignoreCase: true);

    public override ValidationResult Validate()
    {
        if (Resume is null && (Template is null || Input is null || Output is null))
        {
            return ValidationResult.Error("run needs TEMPLATE_OR_SKILL, --input PATH and --output FILE (or --resume RUN_ID).");
        }

        if (!Enum.TryParse<RunMode>(Mode, ignoreCase: true, out _) || int.TryParse(Mode, out _))
        {
            return ValidationResult.Error($"--mode must be auto, interactive or batch (was '{Mode}').");
        }

        if (ParseDuration(Deadline) is null)
        {
            return ValidationResult.Error($"--deadline must be a duration such as 8h, 30m, 90s or 01:30:00 (was '{Deadline}').");
        }

        if (ParseDuration(BatchPoll) is null)
        {
            return ValidationResult.Error($"--batch-poll must be a duration such as 2s (was '{BatchPoll}').");
        }

        return Url is not null && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            ? ValidationResult.Error($"--url must be an absolute http(s) URL: {Url}")
            : ValidationResult.Success();
    }

    public static TimeSpan? ParseDuration(string text)
    {
        if (text.Length >= 2 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            return char.ToLowerInvariant(text[^1]) switch
            {
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }
}
