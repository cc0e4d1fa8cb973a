using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skillgate.Simulator;

/// <summary>Source-generated JSON metadata for the simulator's config file and stats.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SimulatorOptions))]
[JsonSerializable(typeof(SimulatorStats))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
