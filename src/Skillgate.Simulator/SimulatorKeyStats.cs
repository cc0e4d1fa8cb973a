using System.Text.Json.Serialization;

namespace Skillgate.Simulator;

/// <summary>What the simulator did for one key (counts since start or the last reset).</summary>
public sealed class SimulatorKeyStats
{
    /// <summary>The key.</summary>
    [JsonPropertyName("key")]
    public string Key { get; init; } = "";

    /// <summary>Authenticated <c>/v1/messages</c> requests, including refused ones.</summary>
    [JsonPropertyName("requests")]
    public long Requests { get; init; }

    /// <summary>429 <c>rate_limit_error</c> responses.</summary>
    [JsonPropertyName("rate_limited")]
    public long RateLimited { get; init; }

    /// <summary>529 <c>overloaded_error</c> responses (capacity and injected).</summary>
    [JsonPropertyName("overloaded")]
    public long Overloaded { get; init; }

    /// <summary>Injected faults of any kind.</summary>
    [JsonPropertyName("faults")]
    public long Faults { get; init; }

    /// <summary>Input tokens of admitted requests.</summary>
    [JsonPropertyName("input_tokens")]
    public long InputTokens { get; init; }

    /// <summary>Output tokens generated (including partial streams).</summary>
    [JsonPropertyName("output_tokens")]
    public long OutputTokens { get; init; }

    /// <summary>Requests in flight now.</summary>
    [JsonPropertyName("in_flight")]
    public int InFlight { get; init; }

    /// <summary>Most requests in flight at once.</summary>
    [JsonPropertyName("peak_in_flight")]
    public int PeakInFlight { get; init; }
}
