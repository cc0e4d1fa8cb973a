using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>The <c>source</c> of an image or document block: base64 data, plain text or a URL.</summary>
public sealed class MediaSource
{
    /// <summary><c>base64</c>, <c>text</c>, <c>url</c> or <c>file</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "base64";

    /// <summary>The media type, e.g. <c>application/pdf</c> or <c>image/png</c>.</summary>
    [JsonPropertyName("media_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MediaType { get; set; }

    /// <summary>The base64 data or the text.</summary>
    [JsonPropertyName("data")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Data { get; set; }

    /// <summary>The URL, for <c>url</c> sources.</summary>
    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; set; }
}
