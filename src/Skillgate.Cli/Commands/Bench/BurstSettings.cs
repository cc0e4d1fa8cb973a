using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>Settings of <c>skillgate bench burst</c>.</summary>
internal sealed class BurstSettings : CommandSettings
{
    /// <summary>Concurrent requests fired at once; default 2,000.</summary>
    [CommandOption("-n|--requests <N>")]
    [Description("Requests fired at once (default 2,000).")]
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

    /// <summary>Requests per minute of each simulated key (the binding limit); default: see <see cref="EffectiveRequestsPerMinute"/>.</summary>
    [CommandOption("--rpm <RPM>")]
    [Description("Requests per minute of each simulated key, the binding limit. Default: sized to the burst, so the keys' buckets hold 60% of it and the limit needs 40 s for the rest (a storm at any -n).")]
    public int? RequestsPerMinute { get; init; }

    /// <summary>Run the Skillgate side without configured limits: it probes every key at once and learns them from the first answers' headers.</summary>
    [CommandOption("--unknown-limits")]
    [Description("Skillgate side: configure no limits; probe every key at once and take the limits from the first answers' rate-limit headers.")]
    public bool UnknownLimits { get; init; }

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
    public int EffectiveRequests => Requests ?? 2000;

    /// <summary>The share of the burst the keys' full buckets hold when <c>--rpm</c> is not given.</summary>
    public const double DefaultBucketShare = 0.6;

    /// <summary>
    /// Each key's requests per minute: <c>--rpm</c>, or sized so the full buckets (one minute of the limit) hold
    /// 60 % of the burst. Then the rest must wait for the refill (40 s), whatever the size: the naive side meets a 429
    /// storm and the Skillgate side has a queue to pace. A fixed limit would hold a small burst whole, and both sides
    /// would look the same.
    /// </summary>
    public int EffectiveRequestsPerMinute => RequestsPerMinute ?? Math.Max(1, (int)Math.Round(EffectiveRequests * DefaultBucketShare / Keys));

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

        if (RequestsPerMinute is < 1 || MaxTokens < 1 || TimeToFirstTokenMs < 0)
        {
            return ValidationResult.Error("--rpm and --max-tokens must be positive, --ttft-ms not negative.");
        }

        return Mode is "both" or "naive" or "skillgate"
            ? ValidationResult.Success()
            : ValidationResult.Error("--mode must be both, naive or skillgate.");
    }
}
