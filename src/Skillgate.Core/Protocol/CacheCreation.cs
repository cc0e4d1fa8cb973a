using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>Prompt cache writes by time to live.</summary>
public sealed class CacheCreation
{
    /// <summary>Tokens written with the 5-minute time to live.</summary>
    [JsonPropertyName("ephemeral_5m_input_tokens")]
    public int Ephemeral5mInputTokens { get; set; }

    /// <summary>Tokens written with the 1-hour time to live.</summary>
    [JsonPropertyName("ephemeral_1h_input_tokens")]
    public int Ephemeral1hInputTokens { get; set; }
}
