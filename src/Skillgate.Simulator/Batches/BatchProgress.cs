namespace Skillgate.Simulator.Batches;

/// <summary>A batch's state at one instant; items are processed in order, so the first
/// <see cref="Processed"/> items have results.</summary>
internal readonly record struct BatchProgress(
    string Status, int Processed, int Processing, int Succeeded, int Errored, int Canceled, DateTimeOffset? EndedAt)
{
    public bool Ended => Status == "ended";
}
