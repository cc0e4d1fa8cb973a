using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A <c>thinking</c> content block (extended thinking).</summary>
public sealed class ThinkingBlock : ContentBlock
{
    /// <summary>The thinking text.</summary>
    [JsonPropertyName("thinking")]
    public string Thinking { get; set; } = "";

    /// <summary>The signature that lets the block be sent back.</summary>
    [JsonPropertyName("signature")]
    public string Signature { get; set; } = "";
}
