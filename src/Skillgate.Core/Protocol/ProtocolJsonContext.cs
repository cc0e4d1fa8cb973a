using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>Source-generated System.Text.Json metadata for the wire types. Reading allows the
/// <c>type</c> discriminator anywhere in an object and ignores unknown properties.</summary>
[JsonSourceGenerationOptions(
    AllowOutOfOrderMetadataProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(StreamEvent))]
[JsonSerializable(typeof(ContentBlock))]
[JsonSerializable(typeof(ContentDelta))]
[JsonSerializable(typeof(Usage))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(AnthropicError))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
