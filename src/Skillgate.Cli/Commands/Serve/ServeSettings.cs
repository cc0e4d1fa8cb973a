using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Serve;

/// <summary>Settings of <c>skillgate serve</c>; each flag overrides the config file and the environment.</summary>
internal sealed class ServeSettings : CommandSettings
{
    /// <summary>Port to listen on.</summary>
    [CommandOption("-p|--port <PORT>")]
    [Description("Port to listen on (0 = any free port; default 8080 or Skillgate:Port).")]
    public int? Port { get; init; }

    /// <summary>Address to bind.</summary>
    [CommandOption("--listen <ADDRESS>")]
    [Description("Address to bind (default 127.0.0.1 without client keys, 0.0.0.0 with).")]
    public string? Listen { get; init; }

    /// <summary>Upstream base URL.</summary>
    [CommandOption("--upstream <URL>")]
    [Description("Upstream base URL, e.g. https://api.anthropic.com. Without one (and without ANTHROPIC_API_KEY) the simulator starts in-process.")]
    public string? Upstream { get; init; }

    /// <summary>Upstream keys (repeatable).</summary>
    [CommandOption("--upstream-key <KEY>")]
    [Description("An upstream API key; repeat for several. Prefer Skillgate__Upstream__Keys__0 in the environment.")]
    public string[] UpstreamKeys { get; init; } = [];

    /// <summary>Speak h2c to an http:// upstream.</summary>
    [CommandOption("--upstream-http2")]
    [Description("Speak HTTP/2 with prior knowledge (h2c) to an http:// upstream.")]
    public bool UpstreamHttp2 { get; init; }

    /// <summary>Path of a skillgate.json file.</summary>
    [CommandOption("-c|--config <FILE>")]
    [Description("skillgate.json (see docs/configuration.md); Skillgate__... environment variables override it.")]
    public string? Config { get; init; }

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Port is < 0 or > 65535)
        {
            return ValidationResult.Error("--port must be 0..65535");
        }

        if (Upstream is not null && !Uri.TryCreate(Upstream, UriKind.Absolute, out _))
        {
            return ValidationResult.Error($"--upstream is not an absolute URL: {Upstream}");
        }

        return Config is not null && !File.Exists(Config)
            ? ValidationResult.Error($"--config file not found: {Config}")
            : ValidationResult.Success();
    }
}
