using System.Text.Json;

namespace Skillgate.Server.Ownership;

/// <summary>
/// The code-execution container an answer names (<c>"container": {"id": ..., "expires_at": ...}</c> on a message, or
/// in a stream's <c>message_delta</c>): it lives in the workspace of the key that served the answer.
/// </summary>
internal static class ContainerReferences
{
    private static ReadOnlySpan<byte> Marker => "\"container\""u8;

    /// <summary>Whether <paramref name="utf8"/> may name a container (one cheap scan; most answers do not).</summary>
    public static bool Mentions(ReadOnlySpan<byte> utf8) => utf8.IndexOf(Marker) >= 0;

    /// <summary>Finds a container object in one JSON document (a message, or an event's data).</summary>
    public static bool TryFind(ReadOnlySpan<byte> json, out string id, out DateTimeOffset? expiresAt)
    {
        id = "";
        expiresAt = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("container"u8)
                    || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    continue;
                }

                var depth = reader.CurrentDepth;
                while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
                {
                    if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1)
                    {
                        continue;
                    }

                    var isId = reader.ValueTextEquals("id"u8);
                    var isExpiry = reader.ValueTextEquals("expires_at"u8);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        continue;
                    }

                    if (isId)
                    {
                        id = reader.GetString() ?? "";
                    }
                    else if (isExpiry && reader.TryGetDateTimeOffset(out var at))
                    {
                        expiresAt = at;
                    }
                }

                if (id.Length > 0)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (or cut): nothing found.
        }

        return false;
    }

    /// <summary>Finds a container in the <c>data:</c> lines of a run of SSE events.</summary>
    public static bool TryFindInEvents(ReadOnlySpan<byte> run, out string id, out DateTimeOffset? expiresAt)
    {
        id = "";
        expiresAt = null;
        while (!run.IsEmpty)
        {
            var end = run.IndexOf((byte)'\n');
            var line = end < 0 ? run : run[..end];
            run = end < 0 ? default : run[(end + 1)..];
            if (line.StartsWith("data:"u8) && Mentions(line) && TryFind(line[5..].TrimStart((byte)' '), out id, out expiresAt))
            {
                return true;
            }
        }

        return false;
    }
}
