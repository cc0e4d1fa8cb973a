using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A <c>document</c> content block sent by the caller.</summary>
public sealed class DocumentBlock : ContentBlock
{
    /// <summary>Where the document comes from.</summary>
    [JsonPropertyName("source")]
    public MediaSource Source { get; set; } = new();

    /// <summary>An optional title.</summary>
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; set; }
}
