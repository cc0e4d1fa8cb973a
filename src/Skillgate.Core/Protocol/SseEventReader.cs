using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Skillgate.Protocol;

/// <summary>Reads the typed events of a streamed message from an SSE body (System.Net.ServerSentEvents).
/// Unknown event types and unknown fields are skipped; JSON whitespace is accepted anywhere.</summary>
public static class SseEventReader
{
    /// <summary>Yields the known events of <paramref name="stream"/> until it ends.</summary>
    /// <exception cref="InvalidDataException">A known event carried data that is not valid JSON.</exception>
    public static async IAsyncEnumerable<StreamEvent> ReadAsync(Stream stream,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var parser = SseParser.Create(stream, Parse);
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.Data is { } evt)
            {
                yield return evt;
            }
        }
    }

    /// <summary>Parses the data of one SSE event; null for unknown event types (including an unknown
    /// <c>type</c> inside a known event name, and the default <c>message</c> event with an unknown type).</summary>
    public static StreamEvent? Parse(string eventType, ReadOnlySpan<byte> data)
    {
        if (!IsKnown(eventType) && eventType != SseParser.EventTypeDefault)
        {
            return null;
        }

        try
        {
            var evt = JsonSerializer.Deserialize(data, ProtocolJsonContext.Default.StreamEvent);
            return evt is null || evt.GetType() == typeof(StreamEvent) ? null : evt;
        }
        catch (JsonException ex) when (IsKnown(eventType))
        {
            throw new InvalidDataException($"The data of the '{eventType}' event is not valid JSON: {ex.Message}", ex);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsKnown(string eventType) => eventType switch
    {
        StreamEventTypes.MessageStart or StreamEventTypes.ContentBlockStart or StreamEventTypes.ContentBlockDelta
            or StreamEventTypes.ContentBlockStop or StreamEventTypes.MessageDelta or StreamEventTypes.MessageStop
            or StreamEventTypes.Ping or StreamEventTypes.Error => true,
        _ => false,
    };
}
