namespace Skillgate.Simulator;

/// <summary>Probabilities (0..1, each drawn once per request, in this order) of injected faults, and
/// the durations of stalls and drips.</summary>
public sealed class FaultOptions
{
    /// <summary>500 <c>api_error</c>.</summary>
    public double ApiError { get; set; }

    /// <summary>504 <c>timeout_error</c>.</summary>
    public double Timeout { get; set; }

    /// <summary>529 <c>overloaded_error</c>.</summary>
    public double Overloaded { get; set; }

    /// <summary>Connection reset before any response header.</summary>
    public double ResetBeforeHeaders { get; set; }

    /// <summary>Stall of <see cref="StallMs"/> before any response header.</summary>
    public double StallBeforeHeaders { get; set; }

    /// <summary><c>event: error</c> (<c>overloaded_error</c>) after half of the deltas; non-streaming: 529.</summary>
    public double ErrorMidStream { get; set; }

    /// <summary>Connection cut after half of the deltas (non-streaming: after half the body).</summary>
    public double CutMidStream { get; set; }

    /// <summary>Stall of <see cref="StallMs"/> after half of the deltas.</summary>
    public double StallMidStream { get; set; }

    /// <summary>The whole body trickles in small pieces, <see cref="DripIntervalMs"/> apart.</summary>
    public double SlowDrip { get; set; }

    /// <summary>Length of a stall in milliseconds; default 30,000.</summary>
    public double StallMs { get; set; } = 30_000;

    /// <summary>Pause between drip pieces in milliseconds; default 50.</summary>
    public double DripIntervalMs { get; set; } = 50;

    /// <summary>Bytes per drip piece; default 16.</summary>
    public int DripBytes { get; set; } = 16;

    internal bool Any => ApiError + Timeout + Overloaded + ResetBeforeHeaders + StallBeforeHeaders
        + ErrorMidStream + CutMidStream + StallMidStream + SlowDrip > 0;

    internal void Validate(string path)
    {
        foreach (var (name, p) in new[]
        {
            (nameof(ApiError), ApiError), (nameof(Timeout), Timeout), (nameof(Overloaded), Overloaded),
            (nameof(ResetBeforeHeaders), ResetBeforeHeaders), (nameof(StallBeforeHeaders), StallBeforeHeaders),
            (nameof(ErrorMidStream), ErrorMidStream), (nameof(CutMidStream), CutMidStream),
            (nameof(StallMidStream), StallMidStream), (nameof(SlowDrip), SlowDrip),
        })
        {
            SimulatorOptions.Check(p is >= 0 and <= 1, $"{path}.{name}", "must be a probability 0..1");
        }

        SimulatorOptions.Check(StallMs >= 0, path + ".StallMs", "must be >= 0");
        SimulatorOptions.Check(DripIntervalMs >= 0, path + ".DripIntervalMs", "must be >= 0");
        SimulatorOptions.Check(DripBytes >= 1, path + ".DripBytes", "must be >= 1");
    }
}
