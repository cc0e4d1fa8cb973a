using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>The <c>delta</c> of a <c>content_block_delta</c>; unknown delta types (e.g. <c>citations_delta</c>)
/// deserialize to this base class.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", IgnoreUnrecognizedTypeDiscriminators = true,
    UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToBaseType)]
[JsonDerivedType(typeof(TextDelta), "text_delta")]
[JsonDerivedType(typeof(InputJsonDelta), "input_json_delta")]
[JsonDerivedType(typeof(ThinkingDelta), "thinking_delta")]
[JsonDerivedType(typeof(SignatureDelta), "signature_delta")]
public class ContentDelta;
