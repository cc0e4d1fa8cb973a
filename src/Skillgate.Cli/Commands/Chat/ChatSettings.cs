using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Chat;

/// <summary>Settings of <c>skillgate chat</c>.</summary>
internal sealed class ChatSettings : CommandSettings
{
    /// <summary>The conversation to continue; a new one when absent.</summary>
    [CommandOption("--conversation <ID>")]
    [Description("Continue this conversation (its id is printed when a chat starts).")]
    public string? Conversation { get; init; }

    /// <summary>Files to attach (PDF, XLSX, DOCX, CSV, text).</summary>
    [CommandOption("--attach <FILE>")]
    [Description("Attach a PDF, XLSX, DOCX, CSV or text file (repeatable).")]
    public string[] Attach { get; init; } = [];

    /// <summary>The store holding conversations and documents: a SQLite file, or <c>redis:</c> and a configuration string.</summary>
    [CommandOption("--db <FILE>")]
    [Description("SQLite file with the conversations and documents (default skillgate.db), or redis:<configuration>.")]
    [DefaultValue("skillgate.db")]
    public string Database { get; init; } = "skillgate.db";

    /// <summary>The model; a new conversation's default is the gateway's (<c>claude-sonnet-4-5</c>), a resumed one keeps its own.</summary>
    [CommandOption("--model <MODEL>")]
    [Description("The model (default claude-sonnet-4-5 for a new conversation; a continued one keeps its model).")]
    public string? Model { get; init; }

    /// <summary>The context window of a new conversation in tokens (a resumed one keeps its own).</summary>
    [CommandOption("--window <TOKENS>")]
    [Description("The context window of a new conversation in tokens (default 200000; a continued one keeps its window).")]
    public int? Window { get; init; }

    /// <summary><c>max_tokens</c> of each reply.</summary>
    [CommandOption("--max-tokens <TOKENS>")]
    [Description("max_tokens of each reply (default 1024).")]
    public int? MaxTokens { get; init; }

    /// <summary>Use the built-in simulator even when an API key is set.</summary>
    [CommandOption("--offline")]
    [Description("Talk to the built-in simulator even when ANTHROPIC_API_KEY is set.")]
    public bool Offline { get; init; }

    /// <summary>A <c>sim.json</c> for the built-in simulator (latency, faults); offline only.</summary>
    [CommandOption("--sim-config <FILE>")]
    [Description("sim.json for the built-in simulator when offline, e.g. a latency model to watch replies stream (see docs/simulator.md).")]
    public string? SimConfig { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Window is < 1024 or > 10_000_000)
        {
            return ValidationResult.Error("--window must be 1024..10000000");
        }

        if (MaxTokens is < 1)
        {
            return ValidationResult.Error("--max-tokens must be at least 1");
        }

        return SimConfig is not null && !File.Exists(SimConfig)
            ? ValidationResult.Error($"--sim-config file not found: {SimConfig}")
            : ValidationResult.Success();
    }
}
