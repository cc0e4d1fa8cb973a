namespace Skillgate.Scheduling;

/// <summary>One API key of an upstream, with its rate limits.</summary>
public sealed class SchedulerKeyOptions
{
    /// <summary>A name that identifies the key in metrics and logs (never the secret). Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The secret sent as <c>x-api-key</c>. Required; never printed.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Share of traffic under <see cref="KeySelectionPolicy.Weighted"/>. Default 1.</summary>
    public double Weight { get; set; } = 1;

    /// <summary>
    /// True when the key's limits are not known: each model without an entry in <see cref="ModelLimits"/> starts
    /// with one probe request in flight; the first answer's <c>anthropic-ratelimit-*</c> headers then set the limits
    /// they report and admission goes at full speed. Limits that the answer does not report stay unknown, never
    /// guessed: an unknown limit admits without bound, and the key is paced only by evidence (a 429 cools it down and,
    /// without headers, teaches a request rate; a 529 shrinks the upstream's concurrency; headers that appear later set
    /// the limits). A probe that gets no answer (timeout, 5xx) lets the next request probe. Default false:
    /// <see cref="Limits"/> are the limits from the start.
    /// </summary>
    public bool LimitsUnknown { get; set; }

    /// <summary>
    /// The key's limits for any model without an entry in <see cref="ModelLimits"/>; not used with
    /// <see cref="LimitsUnknown"/>.
    /// </summary>
    public RateLimitOptions Limits { get; set; } = new();

    /// <summary>Per-model limits (model name to limits); each model has its own buckets.</summary>
    public IDictionary<string, RateLimitOptions> ModelLimits { get; set; } = new Dictionary<string, RateLimitOptions>(StringComparer.Ordinal);

    /// <summary>Returns the key's name only.</summary>
    public override string ToString() => $"key {Name}";

    internal RateLimitOptions LimitsFor(string model)
        => ModelLimits.TryGetValue(model, out var limits) ? limits : Limits;

    internal bool LimitsKnownFor(string model) => !LimitsUnknown || ModelLimits.ContainsKey(model);

    internal void Validate(string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add($"{path}:Name is required.");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            errors.Add($"{path}:ApiKey is required (key '{Name}').");
        }

        if (!(Weight > 0) || double.IsInfinity(Weight))
        {
            errors.Add($"{path}:Weight must be a positive number (key '{Name}').");
        }

        if (Limits is null)
        {
            errors.Add($"{path}:Limits is required.");
        }
        else
        {
            Limits.Validate($"{path}:Limits", errors);
        }

        foreach (var (model, limits) in ModelLimits ?? new Dictionary<string, RateLimitOptions>())
        {
            limits.Validate($"{path}:ModelLimits:{model}", errors);
        }
    }
}
