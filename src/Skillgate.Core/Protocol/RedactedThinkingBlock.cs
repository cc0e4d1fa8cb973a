using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A <c>redacted_thinking</c> content block: thinking encrypted by the API.</summary>
public sealed class RedactedThinkingBlock : ContentBlock
{
    /// <summary>The encrypted data.</summary>
    [JsonPropertyName("data")]
    public string Data { get; set; } = "";
}
