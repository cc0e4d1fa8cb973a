using System.Text.Json;

namespace Skillgate.Server.Ownership;

/// <summary>
/// The upstream objects a Messages body names: <c>file_id</c>s (document and image sources, container uploads),
/// custom <c>skill_id</c>s and the <c>container</c> to reuse. A body naming none (almost every body) costs one scan
/// for three short byte strings.
/// </summary>
internal static class ObjectReferences
{
    public static List<string>? Find(ReadOnlySpan<byte> body)
    {
        if (body.IndexOf("\"file_id\""u8) < 0 && body.IndexOf("\"skill_id\""u8) < 0 && body.IndexOf("\"container\""u8) < 0)
        {
            return null;
        }

        List<string>? ids = null;
        var reader = new Utf8JsonReader(body);
        var containerDepth = -1;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == containerDepth)
                {
                    containerDepth = -1;
                    continue;
                }

                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var depth = reader.CurrentDepth;
                var isContainer = reader.CurrentDepth == 1 && reader.ValueTextEquals("container"u8);
                var isId = reader.ValueTextEquals("file_id"u8) || reader.ValueTextEquals("skill_id"u8)
                    || (containerDepth >= 0 && depth == containerDepth + 1 && reader.ValueTextEquals("id"u8));
                if (!reader.Read())
                {
                    break;
                }

                if (isContainer && reader.TokenType == JsonTokenType.StartObject)
                {
                    containerDepth = reader.CurrentDepth;
                }
                else if ((isContainer || isId) && reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } id)
                {
                    (ids ??= []).Add(id);
                }
            }
        }
        catch (JsonException)
        {
            // The body was validated before; a scan that fails finds what it found so far.
        }

        return ids;
    }
}
