namespace Skillgate.Scheduling;

/// <summary>
/// Configuration of the request scheduler (section <c>Skillgate:Scheduler</c>). Every value has a
/// documented default; <see cref="Validate"/> names the offending key of a bad configuration.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Skillgate:Scheduler";

    /// <summary>The upstreams and their keys. At least one upstream with one key.</summary>
    public IList<SchedulerUpstreamOptions> Upstreams { get; set; } = new List<SchedulerUpstreamOptions>();

    /// <summary>How a key is picked among those that can take a request. Default <see cref="KeySelectionPolicy.MostHeadroom"/>.</summary>
    public KeySelectionPolicy KeySelection { get; set; } = KeySelectionPolicy.MostHeadroom;

    /// <summary>The most requests waiting for admission over all models; beyond it requests are shed (503). Default 10,000.</summary>
    public int MaxQueueLength { get; set; } = 10_000;

    /// <summary>The longest a request may wait for admission when it sets no deadline. Default 60 seconds.</summary>
    public TimeSpan DefaultMaxQueueWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The degradation ladder, tried in order when the requested model cannot take a request in time.
    /// Default: <c>Queue, FallbackModel, Batch, Shed</c>. <see cref="DegradationStep.Shed"/> always ends it.
    /// </summary>
    public IList<DegradationStep> DegradationLadder { get; set; } = new List<DegradationStep>
    {
        DegradationStep.Queue, DegradationStep.FallbackModel, DegradationStep.Batch, DegradationStep.Shed,
    };

    /// <summary>Fallback model per requested model (for example a Sonnet model to a Haiku model). Default none.</summary>
    public IDictionary<string, string> FallbackModels { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Fair-share weight per tenant; tenants not listed weigh 1.</summary>
    public IDictionary<string, double> TenantWeights { get; set; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>
    /// Tokens credited to a tenant per deficit-round-robin turn (times its weight). Smaller is finer
    /// (rounds that serve nobody are skipped in one step, so a small value costs little). Default 256.
    /// </summary>
    public int FairShareQuantum { get; set; } = 256;

    /// <summary>How many output tokens a request reserves. Default <see cref="OutputAllowanceMode.MaxTokens"/>.</summary>
    public OutputAllowanceMode OutputAllowance { get; set; } = OutputAllowanceMode.MaxTokens;

    /// <summary>How long a key cools down after a 429 that carried no <c>retry-after</c>. Default 5 seconds.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The smallest <c>retry-after</c> given to a shed request. Default 1 second.</summary>
    public TimeSpan MinRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a key stays quarantined after a 401/403 before one probe request may use it. Default 60 seconds; doubles per failed probe.</summary>
    public TimeSpan QuarantineDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest quarantine after repeated failed probes. Default 30 minutes.</summary>
    public TimeSpan MaxQuarantineDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Checks the options; returns one message per problem, each naming its configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        const string p = SectionName;
        if (Upstreams is null || Upstreams.Count == 0)
        {
            errors.Add($"{p}:Upstreams must list at least one upstream.");
        }
        else
        {
            for (var i = 0; i < Upstreams.Count; i++)
            {
                Upstreams[i].Validate($"{p}:Upstreams:{i}", errors);
            }

            var names = Upstreams.SelectMany(u => u.Keys ?? []).Select(k => k.Name).Where(n => !string.IsNullOrEmpty(n)).ToList();
            foreach (var dup in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                errors.Add($"{p}:Upstreams: key name '{dup.Key}' is used more than once.");
            }
        }

        if (MaxQueueLength < 0)
        {
            errors.Add($"{p}:MaxQueueLength must not be negative (was {MaxQueueLength}).");
        }

        if (DefaultMaxQueueWait < TimeSpan.Zero)
        {
            errors.Add($"{p}:DefaultMaxQueueWait must not be negative.");
        }

        if (FairShareQuantum < 1)
        {
            errors.Add($"{p}:FairShareQuantum must be at least 1 (was {FairShareQuantum}).");
        }

        foreach (var (tenant, weight) in TenantWeights ?? new Dictionary<string, double>())
        {
            if (!(weight > 0) || double.IsInfinity(weight))
            {
                errors.Add($"{p}:TenantWeights:{tenant} must be a positive number (was {weight}).");
            }
        }

        foreach (var (model, fallback) in FallbackModels ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(fallback) || string.Equals(model, fallback, StringComparison.Ordinal))
            {
                errors.Add($"{p}:FallbackModels:{model} must name a different model.");
            }
        }

        if (!Enum.IsDefined(KeySelection))
        {
            errors.Add($"{p}:KeySelection must be one of {string.Join(", ", Enum.GetNames<KeySelectionPolicy>())} (was {(int)KeySelection}).");
        }

        if (DegradationLadder is null || !DegradationLadder.Contains(DegradationStep.Queue))
        {
            errors.Add($"{p}:DegradationLadder must contain Queue (the step that admits on the requested model).");
        }
        else
        {
            for (var i = 0; i < DegradationLadder.Count; i++)
            {
                if (!Enum.IsDefined(DegradationLadder[i]))
                {
                    errors.Add($"{p}:DegradationLadder:{i} must be one of {string.Join(", ", Enum.GetNames<DegradationStep>())} (was {(int)DegradationLadder[i]}).");
                }
            }
        }

        if (DefaultRetryAfter <= TimeSpan.Zero)
        {
            errors.Add($"{p}:DefaultRetryAfter must be positive.");
        }

        if (MinRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{p}:MinRetryAfter must not be negative.");
        }

        if (QuarantineDuration <= TimeSpan.Zero || MaxQuarantineDuration < QuarantineDuration)
        {
            errors.Add($"{p}:QuarantineDuration must be positive and at most MaxQuarantineDuration.");
        }

        return errors;
    }
}
