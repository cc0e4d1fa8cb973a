namespace Skillgate.Simulator;

/// <summary>The simulator's latency model: time to first token, then output at a steady speed, each
/// delay scaled by a random factor in [1 - jitter, 1 + jitter].</summary>
public sealed class LatencyOptions
{
    /// <summary>Milliseconds before the first token (and before the headers of a non-streaming reply);
    /// default 0.</summary>
    public double TimeToFirstTokenMs { get; set; }

    /// <summary>Output tokens per second after the first; 0 (default) = all at once.</summary>
    public double TokensPerSecond { get; set; }

    /// <summary>Relative jitter of each delay, 0..1; default 0.</summary>
    public double Jitter { get; set; }

    internal bool IsInstant => TimeToFirstTokenMs <= 0 && TokensPerSecond <= 0;

    internal void Validate()
    {
        SimulatorOptions.Check(TimeToFirstTokenMs >= 0, "Latency.TimeToFirstTokenMs", "must be >= 0");
        SimulatorOptions.Check(TokensPerSecond >= 0, "Latency.TokensPerSecond", "must be >= 0");
        SimulatorOptions.Check(Jitter is >= 0 and <= 1, "Latency.Jitter", "must be 0..1");
    }
}
