using System.Text.Json.Serialization;

namespace Skillgate.Context;

/// <summary>An entry as one Redis list element.</summary>
internal sealed record StoredEntry(
    [property: JsonPropertyName("k")] int Kind,
    [property: JsonPropertyName("t")] long At,
    [property: JsonPropertyName("j")] string Json);
