using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Settings of <c>skillgate bench streams</c>.</summary>
internal sealed class StreamsSettings : CommandSettings
{
    [CommandOption("--streams <N>")]
    [Description("Concurrent streams per transport.")]
    [DefaultValue(10_000)]
    public int Streams { get; init; } = 10_000;

    [CommandOption("--hold-ms <MS>")]
    [Description("The simulator's time to first token, so that all streams are open at once.")]
    [DefaultValue(8_000)]
    public int HoldMs { get; init; } = 8_000;

    [CommandOption("--tokens <N>")]
    [Description("Output tokens per stream.")]
    [DefaultValue(20)]
    public int Tokens { get; init; } = 20;

    [CommandOption("--transport <T>")]
    [Description("sse, ws or both.")]
    [DefaultValue("both")]
    public string Transport { get; init; } = "both";

    [CommandOption("--ws-sockets <N>")]
    [Description("WebSockets the WebSocket streams are spread over.")]
    [DefaultValue(10)]
    public int WebSockets { get; init; } = 10;

    [CommandOption("--no-rate-limit-headers")]
    [Description("The simulator sends no anthropic-ratelimit-* headers and the gateway has no limits configured (limits unknown). Without it the gateway has the simulator's limits configured.")]
    public bool NoRateLimitHeaders { get; init; }

    [CommandOption("--server-gc")]
    [Description("Run the gateway with the server GC instead of its default, the workstation GC.")]
    public bool ServerGc { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON object instead of a table.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        Streams < 1 || HoldMs < 0 || Tokens < 1 || WebSockets < 1 || Transport is not ("sse" or "ws" or "both")
            ? ValidationResult.Error("--streams, --tokens, --ws-sockets must be >= 1, --hold-ms >= 0, --transport sse|ws|both")
            : ValidationResult.Success();
}
