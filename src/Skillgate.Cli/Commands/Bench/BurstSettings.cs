using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Settings of <c>skillgate bench burst</c>.</summary>
internal sealed class BurstSettings : CommandSettings
{
    /// <summary>Concurrent requests fired at once; default 5,000 per key.</summary>
    [CommandOption("-n|--requests <N>")]
    [Description("Requests fired at once (default 5,000 per key, so each key faces the same storm).")]
    public int? Requests { get; init; }

    /// <summary>Simulated keys.</summary>
    [CommandOption("-k|--keys <K>")]
    [Description("Simulated keys, each with the same limits (default 1).")]
    [DefaultValue(1)]
    public int Keys { get; init; } = 1;

    /// <summary>Tenants; with more than one, tenant t0 sends 80% of the requests.</summary>
    [CommandOption("-t|--tenants <T>")]
    [Description("Tenants (default 1); with more, t0 floods with 80% of the requests and the rest share 20%.")]
    [DefaultValue(1)]
    public int Tenants { get; init; } = 1;

    /// <summary>Requests per minute of each simulated key (the binding limit).</summary>
    [CommandOption("--rpm <RPM>")]
    [Description("Requests per minute of each simulated key, the binding limit (default 3,000).")]
    [DefaultValue(3000)]
    public int RequestsPerMinute { get; init; } = 3000;

    /// <summary><c>max_tokens</c> of each request.</summary>
    [CommandOption("--max-tokens <N>")]
    [Description("max_tokens of each request (default 128).")]
    [DefaultValue(128)]
    public int MaxTokens { get; init; } = 128;

    /// <summary>Simulated time to first token.</summary>
    [CommandOption("--ttft-ms <MS>")]
    [Description("Simulated time to first token in ms (default 100).")]
    [DefaultValue(100.0)]
    public double TimeToFirstTokenMs { get; init; } = 100;

    /// <summary>Which side to run.</summary>
    [CommandOption("--mode <MODE>")]
    [Description("both (default), naive or skillgate.")]
    [DefaultValue("both")]
    public string Mode { get; init; } = "both";

    /// <summary>Seed of the simulator and of the arrival order.</summary>
    [CommandOption("--seed <N>")]
    [Description("Seed of the simulator and of the arrival order (default 1).")]
    [DefaultValue(1)]
    public int Seed { get; init; } = 1;

    /// <summary>Print one JSON object instead of a table.</summary>
    [CommandOption("--json")]
    [Description("Print one JSON object instead of a table.")]
    public bool Json { get; init; }

    /// <summary>The request count in effect.</summary>
    public int EffectiveRequests => Requests ?? (5000 * Keys);

    /// <inheritdoc />
    public override ValidationResult Validate()
    {
        if (Requests is < 1 or > 100_000)
        {
            return ValidationResult.Error("--requests must be between 1 and 100,000.");
        }

        if (Keys is < 1 or > 32)
        {
            return ValidationResult.Error("--keys must be between 1 and 32.");
        }

        if (Tenants is < 1 or > 1000)
        {
            return ValidationResult.Error("--tenants must be between 1 and 1,000.");
        }

        if (RequestsPerMinute < 1 || MaxTokens < 1 || TimeToFirstTokenMs < 0)
        {
            return ValidationResult.Error("--rpm and --max-tokens must be positive, --ttft-ms not negative.");
        }

        return Mode is "both" or "naive" or "skillgate"
            ? ValidationResult.Success()
            : ValidationResult.Error("--mode must be both, naive or skillgate.");
    }
}
