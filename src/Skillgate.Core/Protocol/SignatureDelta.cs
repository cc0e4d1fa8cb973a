using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary><c>signature_delta</c>: the signature of a thinking block, sent before it stops.</summary>
public sealed class SignatureDelta : ContentDelta
{
    /// <summary>The signature.</summary>
    [JsonPropertyName("signature")]
    public string Signature { get; set; } = "";
}
