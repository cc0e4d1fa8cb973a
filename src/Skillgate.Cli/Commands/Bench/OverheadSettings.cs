using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Settings of <c>skillgate bench overhead</c>.</summary>
internal sealed class OverheadSettings : CommandSettings
{
    [CommandOption("--rate <N>")]
    [Description("Requests per second of the fixed-rate phases.")]
    [DefaultValue(2000)]
    public int Rate { get; init; } = 2000;

    [CommandOption("--seconds <S>")]
    [Description("Length of each fixed-rate phase.")]
    [DefaultValue(5)]
    public int Seconds { get; init; } = 5;

    [CommandOption("--max-requests <N>")]
    [Description("Requests of the closed-loop maximum-throughput phases (0 skips them).")]
    [DefaultValue(20_000)]
    public int MaxRequests { get; init; } = 20_000;

    [CommandOption("--concurrency <N>")]
    [Description("Requests in flight in the maximum-throughput phases.")]
    [DefaultValue(64)]
    public int Concurrency { get; init; } = 64;

    [CommandOption("--upstream-http2")]
    [Description("Gateway to simulator over h2c instead of HTTP/1.1.")]
    public bool UpstreamHttp2 { get; init; }

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
        Rate < 1 || Seconds < 1 || MaxRequests < 0 || Concurrency < 1
            ? ValidationResult.Error("--rate, --seconds and --concurrency must be >= 1, --max-requests >= 0")
            : ValidationResult.Success();
}
