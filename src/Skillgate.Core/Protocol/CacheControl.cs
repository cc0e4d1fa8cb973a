using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A prompt caching breakpoint: <c>{"type":"ephemeral","ttl":"5m"}</c>.</summary>
public sealed class CacheControl
{
    /// <summary>Always <c>ephemeral</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "ephemeral";

    /// <summary>The time to live, <c>5m</c> or <c>1h</c>; null means the default.</summary>
    [JsonPropertyName("ttl")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Ttl { get; set; }
}
