using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A <c>tool_use</c> content block: the model calls a tool.</summary>
public sealed class ToolUseBlock : ContentBlock
{
    /// <summary>The tool call id (<c>toolu_...</c>).</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = "";

    /// <summary>The tool name.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The tool input, a JSON object.</summary>
    [JsonPropertyName("input")]
    public JsonElement Input { get; set; }
}
