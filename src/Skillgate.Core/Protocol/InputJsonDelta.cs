using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>input_json_delta</c>: a piece of a tool_use block's input JSON (the first is often empty).</summary>
public sealed class InputJsonDelta : ContentDelta
{
    /// <summary>The partial JSON; concatenated pieces form the input object.</summary>
    [JsonPropertyName("partial_json")]
    public string PartialJson { get; set; } = "";
}
