using System.Text.Json.Serialization;

namespace Skillgate.Simulator;

/// <summary>The simulator's ground truth (<c>GET /sim/stats</c>): totals and per key.</summary>
public sealed class SimulatorStats
{
    /// <summary>All <c>/v1/messages</c> requests, authenticated or not.</summary>
    [JsonPropertyName("requests")]
    public long Requests { get; init; }

    /// <summary>Streaming requests among them.</summary>
    [JsonPropertyName("streaming_requests")]
    public long StreamingRequests { get; init; }

    /// <summary>429 responses.</summary>
    [JsonPropertyName("rate_limited")]
    public long RateLimited { get; init; }

    /// <summary>529 responses.</summary>
    [JsonPropertyName("overloaded")]
    public long Overloaded { get; init; }

    /// <summary>Injected faults.</summary>
    [JsonPropertyName("faults")]
    public long Faults { get; init; }

    /// <summary>4xx answers for bad requests (auth, JSON, fields, size).</summary>
    [JsonPropertyName("bad_requests")]
    public long BadRequests { get; init; }

    /// <summary>Input tokens of admitted requests.</summary>
    [JsonPropertyName("input_tokens")]
    public long InputTokens { get; init; }

    /// <summary>Output tokens generated.</summary>
    [JsonPropertyName("output_tokens")]
    public long OutputTokens { get; init; }

    /// <summary>Requests in flight now.</summary>
    [JsonPropertyName("in_flight")]
    public int InFlight { get; init; }

    /// <summary>Most requests in flight at once.</summary>
    [JsonPropertyName("peak_in_flight")]
    public int PeakInFlight { get; init; }

    /// <summary>Per key, in configuration order.</summary>
    [JsonPropertyName("keys")]
    public IReadOnlyList<SimulatorKeyStats> Keys { get; init; } = [];
}
