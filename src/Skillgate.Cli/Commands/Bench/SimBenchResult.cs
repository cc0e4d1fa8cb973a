using System.Text.Json.Serialization;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>What <c>skillgate bench sim</c> measured.</summary>
internal sealed class SimBenchResult
{
    [JsonPropertyName("requests")]
    public long Requests { get; set; }

    [JsonPropertyName("request_errors")]
    public long RequestErrors { get; set; }

    [JsonPropertyName("requests_per_second")]
    public double RequestsPerSecond { get; set; }

    [JsonPropertyName("p50_ms")]
    public double P50Ms { get; set; }

    [JsonPropertyName("p99_ms")]
    public double P99Ms { get; set; }

    [JsonPropertyName("protocol")]
    public string Protocol { get; set; } = "";

    [JsonPropertyName("streams")]
    public int Streams { get; set; }

    [JsonPropertyName("streams_peak_concurrent")]
    public int StreamsPeakConcurrent { get; set; }

    [JsonPropertyName("streams_completed")]
    public int StreamsCompleted { get; set; }

    [JsonPropertyName("streams_lost")]
    public int StreamsLost { get; set; }

    [JsonPropertyName("streams_seconds")]
    public double StreamsSeconds { get; set; }

    [JsonPropertyName("streams_memory_mb")]
    public double StreamsMemoryMb { get; set; }

    [JsonPropertyName("in_process")]
    public bool InProcess { get; set; }
}

[JsonSerializable(typeof(SimBenchResult))]
[JsonSerializable(typeof(Skillgate.Simulator.SimulatorStats))]
internal sealed partial class SimBenchJsonContext : JsonSerializerContext;
