using System.Text.Json;

namespace Skillgate.Protocol;

/// <summary>Pre-encoded JSON property names and values shared by the writers.</summary>
internal static class JsonNames
{
    public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    public static readonly JsonEncodedText RequestId = JsonEncodedText.Encode("request_id");
}
