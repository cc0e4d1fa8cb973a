namespace Skillgate.Scheduling;

/// <summary>
/// Learns, per model, how far input estimates are off and how long outputs typically run, from the
/// usage of finished requests. Guarded by the scheduler's lock.
/// </summary>
internal sealed class UsageLearner
{
    private const double Alpha = 0.1;
    private const int MinSamples = 10;
    private const double MinInputFactor = 0.8;
    private const double MaxInputFactor = 4.0;

    private readonly Dictionary<string, ModelStats> _models = new(StringComparer.Ordinal);

    /// <summary>The input estimate scaled by the learned correction (never far below the raw estimate).</summary>
    public double CorrectInput(string model, double estimate)
        => _models.TryGetValue(model, out var s) && s.InputSamples >= MinSamples
            ? estimate * Math.Clamp(s.InputRatio, MinInputFactor, MaxInputFactor)
            : estimate;

    /// <summary>The output allowance: learned typical output with a safety margin, capped by <paramref name="maxTokens"/>.</summary>
    public double OutputAllowance(string model, int maxTokens)
        => _models.TryGetValue(model, out var s) && s.OutputSamples >= MinSamples
            ? Math.Min(maxTokens, Math.Ceiling((s.OutputMean * 1.5) + 16))
            : maxTokens;

    public void Observe(string model, double rawInputEstimate, long actualInput, long actualOutput)
    {
        if (!_models.TryGetValue(model, out var s))
        {
            s = new ModelStats();
            _models[model] = s;
        }

        if (rawInputEstimate > 0 && actualInput > 0)
        {
            var ratio = actualInput / rawInputEstimate;
            s.InputRatio = s.InputSamples == 0 ? ratio : s.InputRatio + (Alpha * (ratio - s.InputRatio));
            s.InputSamples++;
        }

        s.OutputMean = s.OutputSamples == 0 ? actualOutput : s.OutputMean + (Alpha * (actualOutput - s.OutputMean));
        s.OutputSamples++;
    }

    private sealed class ModelStats
    {
        public double InputRatio { get; set; } = 1;

        public int InputSamples { get; set; }

        public double OutputMean { get; set; }

        public int OutputSamples { get; set; }
    }
}
