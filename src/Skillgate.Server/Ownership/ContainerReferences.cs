using System.Text.Json;

namespace Skillgate.Server.Ownership;

/// <summary>
/// The objects an answer creates in the workspace of the key that served it: the code-execution container
/// (<c>"container": {"id": ..., "expires_at": ...}</c> on a message, or in a stream's <c>message_delta</c>) and the
/// files a skill produced (<c>file_id</c>s in code-execution results).
/// </summary>
internal static class ContainerReferences
{
    private static ReadOnlySpan<byte> Marker => "\"container\""u8;

    private static ReadOnlySpan<byte> FileMarker => "\"file_id\""u8;

    /// <summary>Whether <paramref name="utf8"/> may name a container or a file (two cheap scans; most answers do not).</summary>
    public static bool Mentions(ReadOnlySpan<byte> utf8) => utf8.IndexOf(Marker) >= 0 || utf8.IndexOf(FileMarker) >= 0;

    /// <summary>The <c>file_id</c>s in one JSON document, in order.</summary>
    public static List<string> FileIds(ReadOnlySpan<byte> json)
    {
        var ids = new List<string>();
        if (json.IndexOf(FileMarker) < 0)
        {
            return ids;
        }

        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("file_id"u8)
                    && reader.Read() && reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } id)
                {
                    ids.Add(id);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (or cut): what was found so far.
        }

        return ids;
    }

    /// <summary>The <c>file_id</c>s in the <c>data:</c> lines of a run of SSE events.</summary>
    public static List<string> FileIdsInEvents(ReadOnlySpan<byte> run)
    {
        var ids = new List<string>();
        while (!run.IsEmpty)
        {
            var end = run.IndexOf((byte)'\n');
            var line = end < 0 ? run : run[..end];
            run = end < 0 ? default : run[(end + 1)..];
            if (line.StartsWith("data:"u8) && line.IndexOf(FileMarker) >= 0)
            {
                ids.AddRange(FileIds(line[5..].TrimStart((byte)' ')));
            }
        }

        return ids;
    }

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
            if (line.StartsWith("data:"u8) && line.IndexOf(Marker) >= 0 && TryFind(line[5..].TrimStart((byte)' '), out id, out expiresAt))
            {
                return true;
            }
        }

        return false;
    }
}
