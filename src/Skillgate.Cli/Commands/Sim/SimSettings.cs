using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Sim;

/// <summary>Settings of <c>skillgate sim</c>.</summary>
internal sealed class SimSettings : CommandSettings
{
    /// <summary>HTTP/1.1 port; 0 picks a free one.</summary>
    [CommandOption("-p|--port <PORT>")]
    [Description("HTTP/1.1 port (0 = any free port).")]
    [DefaultValue(4000)]
    public int Port { get; init; } = 4000;

    /// <summary>h2c port; default port + 1 (any free port when --port is 0), -1 disables.</summary>
    [CommandOption("--http2-port <PORT>")]
    [Description("h2c (HTTP/2 prior knowledge) port; default --port + 1, -1 disables.")]
    public int? Http2Port { get; init; }

    /// <summary>Address to bind.</summary>
    [CommandOption("--host <ADDRESS>")]
    [Description("Address to bind (default 127.0.0.1).")]
    public string? Host { get; init; }

    /// <summary>Path of a sim.json file.</summary>
    [CommandOption("-c|--config <FILE>")]
    [Description("sim.json with keys, limits, latency and faults (see docs/simulator.md).")]
    public string? Config { get; init; }

    /// <summary>Seed of the random choices; overrides the config.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of generated content, jitter and faults.")]
    public int? Seed { get; init; }

    /// <summary>Answer without <c>anthropic-ratelimit-*</c> headers (as a self-hosted or proxied upstream).</summary>
    [CommandOption("--no-rate-limit-headers")]
    [Description("Send no anthropic-ratelimit-* headers (keys with limits still answer 429 with retry-after).")]
    public bool NoRateLimitHeaders { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Port is < 0 or > 65535)
        {
            return ValidationResult.Error("--port must be 0..65535");
        }

        if (Http2Port is < -1 or > 65535)
        {
            return ValidationResult.Error("--http2-port must be -1..65535");
        }

        return Config is not null && !File.Exists(Config)
            ? ValidationResult.Error($"--config file not found: {Config}")
            : ValidationResult.Success();
    }
}
