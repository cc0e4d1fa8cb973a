using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>Token usage of a message; in <c>message_delta</c> events the counts are cumulative.</summary>
public sealed class Usage
{
    /// <summary>Input tokens that were neither read from nor written to the prompt cache.</summary>
    [JsonPropertyName("input_tokens")]
    public int InputTokens { get; set; }

    /// <summary>Output tokens generated so far.</summary>
    [JsonPropertyName("output_tokens")]
    public int OutputTokens { get; set; }

    /// <summary>Input tokens written to the prompt cache.</summary>
    [JsonPropertyName("cache_creation_input_tokens")]
    public int? CacheCreationInputTokens { get; set; }

    /// <summary>Input tokens read from the prompt cache.</summary>
    [JsonPropertyName("cache_read_input_tokens")]
    public int? CacheReadInputTokens { get; set; }

    /// <summary>The cache writes split by time to live.</summary>
    [JsonPropertyName("cache_creation")]
    public CacheCreation? CacheCreation { get; set; }

    /// <summary>The service tier that served the request (<c>standard</c>, <c>priority</c>, <c>batch</c>).</summary>
    [JsonPropertyName("service_tier")]
    public string? ServiceTier { get; set; }

    /// <summary>All input tokens: uncached plus cache writes plus cache reads.</summary>
    [JsonIgnore]
    public int TotalInputTokens => InputTokens + (CacheCreationInputTokens ?? 0) + (CacheReadInputTokens ?? 0);
}
