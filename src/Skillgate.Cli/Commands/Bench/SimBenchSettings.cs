using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Settings of <c>skillgate bench sim</c>.</summary>
internal sealed class SimBenchSettings : CommandSettings
{
    [CommandOption("--requests <N>")]
    [Description("Small non-streaming requests to send (0 skips this part).")]
    [DefaultValue(100_000)]
    public int Requests { get; init; } = 100_000;

    [CommandOption("--concurrency <N>")]
    [Description("Requests in flight for the non-streaming part.")]
    [DefaultValue(64)]
    public int Concurrency { get; init; } = 64;

    [CommandOption("--http2")]
    [Description("Send the non-streaming requests over h2c instead of HTTP/1.1.")]
    public bool Http2 { get; init; }

    [CommandOption("--streams <N>")]
    [Description("Concurrent streams to hold over h2c (0 skips this part).")]
    [DefaultValue(10_000)]
    public int Streams { get; init; } = 10_000;

    [CommandOption("--hold-ms <MS>")]
    [Description("How long each stream waits before its first token, so all are open at once.")]
    [DefaultValue(5_000)]
    public int HoldMs { get; init; } = 5_000;

    [CommandOption("--url <URL>")]
    [Description("Base URL of a running `skillgate sim` (HTTP/1.1); default: start one in-process.")]
    public string? Url { get; init; }

    [CommandOption("--h2-url <URL>")]
    [Description("Its h2c URL; default: --url with port + 1.")]
    public string? Http2Url { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON object instead of a table.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        Requests < 0 || Streams < 0 || Concurrency < 1 || HoldMs < 0
            ? ValidationResult.Error("--requests, --streams and --hold-ms must be >= 0, --concurrency >= 1")
            : ValidationResult.Success();
}
