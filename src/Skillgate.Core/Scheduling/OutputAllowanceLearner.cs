namespace Skillgate.Scheduling;

/// <summary>
/// Learns, per model, how long outputs typically run, from the usage of finished requests (for
/// <see cref="OutputAllowanceMode.Learned"/>). Input estimates are not corrected here: the caller passes the
/// calibrated estimate of <see cref="Skillgate.Tokens.ITokenEstimator"/>, the one place that learns input counts.
/// Guarded by the scheduler's lock.
/// </summary>
internal sealed class OutputAllowanceLearner
{
    private const double Alpha = 0.1;
    private const int MinSamples = 10;

    private readonly Dictionary<string, ModelStats> _models = new(StringComparer.Ordinal);

    /// <summary>The output allowance: learned typical output with a safety margin, capped by <paramref name="maxTokens"/>.</summary>
    public double OutputAllowance(string model, int maxTokens)
        => _models.TryGetValue(model, out var s) && s.Samples >= MinSamples
            ? Math.Min(maxTokens, Math.Ceiling((s.Mean * 1.5) + 16))
            : maxTokens;

    public void Observe(string model, long actualOutput)
    {
        if (!_models.TryGetValue(model, out var s))
        {
            s = new ModelStats();
            _models[model] = s;
        }

        s.Mean = s.Samples == 0 ? actualOutput : s.Mean + (Alpha * (actualOutput - s.Mean));
        s.Samples++;
    }

    private sealed class ModelStats
    {
        public double Mean { get; set; }

        public int Samples { get; set; }
    }
}
