using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>thinking_delta</c>: more thinking text.</summary>
public sealed class ThinkingDelta : ContentDelta
{
    /// <summary>The thinking piece.</summary>
    [JsonPropertyName("thinking")]
    public string Thinking { get; set; } = "";
}
