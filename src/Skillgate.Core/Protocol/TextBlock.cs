using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A <c>text</c> content block.</summary>
public sealed class TextBlock : ContentBlock
{
    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public string Text { get; set; } = "";
}
