using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A <c>tool_result</c> content block sent by the caller.</summary>
public sealed class ToolResultBlock : ContentBlock
{
    /// <summary>The id of the <c>tool_use</c> block this answers.</summary>
    [JsonPropertyName("tool_use_id")]
    public string ToolUseId { get; set; } = "";

    /// <summary>The result: a string or an array of content blocks, kept as raw JSON.</summary>
    [JsonPropertyName("content")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public JsonElement Content { get; set; }

    /// <summary>Whether the tool failed.</summary>
    [JsonPropertyName("is_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? IsError { get; set; }
}
