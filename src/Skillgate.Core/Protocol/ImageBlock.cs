using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>An <c>image</c> content block sent by the caller.</summary>
public sealed class ImageBlock : ContentBlock
{
    /// <summary>Where the image comes from.</summary>
    [JsonPropertyName("source")]
    public MediaSource Source { get; set; } = new();
}
