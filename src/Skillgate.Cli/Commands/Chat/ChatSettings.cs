using System.ComponentModel;
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

    /// <summary>The SQLite file holding conversations and documents.</summary>
    [CommandOption("--db <FILE>")]
    [Description("SQLite file with the conversations and documents (default skillgate.db).")]
    [DefaultValue("skillgate.db")]
    public string Database { get; init; } = "skillgate.db";

    /// <summary>The model.</summary>
    [CommandOption("--model <MODEL>")]
    [DefaultValue("claude-sonnet-4-5")]
    public string Model { get; init; } = "claude-sonnet-4-5";

    /// <summary>The model's context window in tokens.</summary>
    [CommandOption("--window <TOKENS>")]
    [Description("The model's context window in tokens (default 200000).")]
    [DefaultValue(200_000)]
    public int Window { get; init; } = 200_000;

    /// <summary>max_tokens of each reply.</summary>
    [CommandOption("--max-tokens <TOKENS>")]
    [DefaultValue(1024)]
    public int MaxTokens { get; init; } = 1024;

    /// <summary>Use the built-in simulator even when an API key is set.</summary>
    [CommandOption("--offline")]
    [Description("Talk to the built-in simulator even when ANTHROPIC_API_KEY is set.")]
    public bool Offline { get; init; }
}
