namespace Skillgate.Simulator;

/// <summary>One API key the simulator accepts, with its per-minute limits (0 = unlimited).</summary>
public sealed class SimulatorKeyOptions
{
    /// <summary>The key, sent as <c>x-api-key</c> or <c>Authorization: Bearer</c>.</summary>
    public string Key { get; set; } = "";

    /// <summary>Requests per minute (continuous token bucket); 0 (default) = unlimited.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Input tokens per minute; 0 (default) = unlimited.</summary>
    public int InputTokensPerMinute { get; set; }

    /// <summary>Output tokens per minute; reserved as <c>max_tokens</c> at the start of a request and
    /// adjusted to the real output at its end (as the real API estimates OTPM); 0 (default) = unlimited.</summary>
    public int OutputTokensPerMinute { get; set; }

    /// <summary>The workspace the key belongs to, as in the real API, where Message Batches and Files are visible only
    /// to keys of the workspace that created them; null (default) puts the key in
    /// <see cref="SimulatorOptions.DefaultWorkspace"/>, shared by every key without one.</summary>
    public string? Workspace { get; set; }

    /// <summary>Fault probabilities of this key; null uses <see cref="SimulatorOptions.Faults"/>.</summary>
    public FaultOptions? Faults { get; set; }

    internal void Validate(string path)
    {
        SimulatorOptions.Check(!string.IsNullOrWhiteSpace(Key), path + ".Key", "is required");
        SimulatorOptions.Check(RequestsPerMinute >= 0, path + ".RequestsPerMinute", "must be >= 0");
        SimulatorOptions.Check(InputTokensPerMinute >= 0, path + ".InputTokensPerMinute", "must be >= 0");
        SimulatorOptions.Check(OutputTokensPerMinute >= 0, path + ".OutputTokensPerMinute", "must be >= 0");
        SimulatorOptions.Check(Workspace is null || !string.IsNullOrWhiteSpace(Workspace), path + ".Workspace", "must not be blank (omit it for the default workspace)");
        Faults?.Validate(path + ".Faults");
    }
}
