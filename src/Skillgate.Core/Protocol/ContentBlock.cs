using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>A content block of a message. Known types deserialize to the derived classes; an unknown
/// <c>type</c> deserializes to this base class so readers stay forward-compatible.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", IgnoreUnrecognizedTypeDiscriminators = true,
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToBaseType)]
[JsonDerivedType(typeof(TextBlock), ContentBlockTypes.Text)]
[JsonDerivedType(typeof(ToolUseBlock), ContentBlockTypes.ToolUse)]
[JsonDerivedType(typeof(ToolResultBlock), ContentBlockTypes.ToolResult)]
[JsonDerivedType(typeof(ThinkingBlock), ContentBlockTypes.Thinking)]
[JsonDerivedType(typeof(RedactedThinkingBlock), ContentBlockTypes.RedactedThinking)]
[JsonDerivedType(typeof(DocumentBlock), ContentBlockTypes.Document)]
[JsonDerivedType(typeof(ImageBlock), ContentBlockTypes.Image)]
public class ContentBlock
{
    /// <summary>Prompt caching marker (<c>{"type":"ephemeral"}</c>), on request blocks.</summary>
    [JsonPropertyName("cache_control")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CacheControl? CacheControl { get; set; }
}
