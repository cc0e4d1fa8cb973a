using System.Text.Json;

namespace Skillgate.Server.Messages;

/// <summary>
/// Finds a lone surrogate escape (<c>"\ud800"</c>) anywhere in a JSON body: valid JSON, but no valid string, so
/// whoever unescapes it later (the gateway, the upstream) fails with a 500 instead of the caller's 400.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>Whether some escaped string or property name of <paramref name="json"/> is not valid UTF-16.</summary>
    /// <remarks>Bodies without a <c>\u</c> escape (nearly all) cost one vectorized search.</remarks>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the caller's own parse.
        }

        return false;
    }
}
