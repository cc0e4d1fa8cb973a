using System.Globalization;
using System.Text.Json;

namespace Skillgate.Simulator.Endpoints;

/// <summary>Timestamps as the API writes them: RFC 3339 UTC with microseconds, or null.</summary>
internal static class JsonTime
{
    public static void Write(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            w.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
