using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>text_delta</c>: more text for a text block.</summary>
public sealed class TextDelta : ContentDelta
{
    /// <summary>The text piece.</summary>
    [JsonPropertyName("text")]
    public string Text { get; set; } = "";
}
