namespace Skillgate.Upstream;

/// <summary>
/// The field grammar of one SSE line (WHATWG): <c>field: value</c>, one space after the colon dropped, a line
/// starting with a colon is a comment. Shared by <see cref="SseStreamReader"/> (via <see cref="SseSniffer"/>) and
/// <see cref="SsePushReader"/> so that both read an event the same way.
/// </summary>
internal static class SseLine
{
    /// <summary>The fields the readers act on; every other field (<c>id</c>, <c>retry</c>, unknown) is <see cref="Other"/>.</summary>
    public enum Field
    {
        Other = 0,
        Comment,
        Event,
        Data,
    }

    /// <summary>Splits <paramref name="line"/> (without its line end) into its field and value.</summary>
    public static Field Parse(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!line.IsEmpty && line[0] == (byte)':')
        {
            return Field.Comment;
        }

        var colon = line.IndexOf((byte)':');
        var name = colon < 0 ? line : line[..colon];
        if (colon >= 0)
        {
            value = line[(colon + 1)..];
            if (!value.IsEmpty && value[0] == (byte)' ')
            {
                value = value[1..];
            }
        }

        return name.SequenceEqual("data"u8) ? Field.Data
            : name.SequenceEqual("event"u8) ? Field.Event
            : Field.Other;
    }
}
