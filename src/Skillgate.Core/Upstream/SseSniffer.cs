using System.Text.Json;

namespace Skillgate.Upstream;

/// <summary>
/// Reads the few things the transport needs from Messages API JSON (usage, stop reason, error type) without
/// materializing it. Only <c>usage</c> objects at the top level or inside the top-level <c>message</c> count, so
/// that tool inputs that happen to contain a "usage" key are ignored.
/// </summary>
internal static class SseSniffer
{
    private static ReadOnlySpan<byte> EventPrefix => "event:"u8;
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    /// <summary>Classifies one SSE event (its raw bytes) and sniffs usage/stop/error events into <paramref name="state"/>.</summary>
    public static SseEventKind Sniff(ReadOnlySpan<byte> sseEvent, ref SseSniffState state)
    {
        var kind = SseEventKind.Other;
        ReadOnlySpan<byte> data = default;
        var rest = sseEvent;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? default : rest[(newline + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (line.StartsWith(EventPrefix))
            {
                kind = Classify(TrimSpace(line[EventPrefix.Length..]));
            }
            else if (data.IsEmpty && line.StartsWith(DataPrefix))
            {
                data = TrimSpace(line[DataPrefix.Length..]);
            }
        }

        if (kind is SseEventKind.MessageStart or SseEventKind.MessageDelta or SseEventKind.Error && !data.IsEmpty)
        {
            SniffJson(data, ref state);
        }

        return kind;
    }

    /// <summary>Sniffs a whole JSON document (a non-streaming body, or one event's data).</summary>
    public static void SniffJson(ReadOnlySpan<byte> json, ref SseSniffState state)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            Walk(ref reader, ref state);
        }
        catch (JsonException)
        {
            // Sniffing is best effort: a body we cannot read still passes through unchanged.
        }
    }

    private static void Walk(ref Utf8JsonReader reader, ref SseSniffState state)
    {
        // Depth 1 = properties of the root object; "container" names the depth-1 property we are inside.
        var container = Container.None;
        var inner = Container.None;
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == 1:
                    container = ContainerFor(property);
                    inner = Container.None;
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == 2 && container == Container.Message:
                    inner = property == "usage" ? Container.Usage : Container.None;
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 1:
                    container = Container.None;
                    break;
                case JsonTokenType.EndObject when reader.CurrentDepth == 2:
                    inner = Container.None;
                    break;
                case JsonTokenType.StartArray when reader.CurrentDepth >= 1:
                case JsonTokenType.StartObject when reader.CurrentDepth >= 2:
                    reader.Skip();
                    break;
                case JsonTokenType.Number:
                    var usageHere = (reader.CurrentDepth == 2 && container == Container.Usage)
                        || (reader.CurrentDepth == 3 && inner == Container.Usage);
                    if (usageHere && reader.TryGetInt64(out var value))
                    {
                        Record(property, value, ref state);
                    }

                    break;
                case JsonTokenType.String when reader.CurrentDepth == 2:
                    if (container == Container.Delta && property == "stop_reason")
                    {
                        state.StopReason = reader.GetString();
                    }
                    else if (container == Container.Error && property == "type")
                    {
                        state.ErrorType = reader.GetString();
                    }
                    else if (container == Container.Error && property == "message")
                    {
                        state.ErrorMessage = reader.GetString();
                    }

                    break;
                case JsonTokenType.String when reader.CurrentDepth == 1 && property == "stop_reason":
                    state.StopReason = reader.GetString();
                    break;
            }
        }
    }

    private static void Record(string? property, long value, ref SseSniffState state)
    {
        switch (property)
        {
            case "input_tokens":
                state.InputTokens = value;
                break;
            case "output_tokens":
                state.OutputTokens = value;
                break;
            case "cache_creation_input_tokens":
                state.CacheCreationInputTokens = value;
                break;
            case "cache_read_input_tokens":
                state.CacheReadInputTokens = value;
                break;
        }
    }

    private static Container ContainerFor(string? property) => property switch
    {
        "usage" => Container.Usage,
        "message" => Container.Message,
        "delta" => Container.Delta,
        "error" => Container.Error,
        _ => Container.Other,
    };

    private static SseEventKind Classify(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("content_block_delta"u8) => SseEventKind.ContentBlockDelta,
        _ when name.SequenceEqual("message_start"u8) => SseEventKind.MessageStart,
        _ when name.SequenceEqual("content_block_start"u8) => SseEventKind.ContentBlockStart,
        _ when name.SequenceEqual("content_block_stop"u8) => SseEventKind.ContentBlockStop,
        _ when name.SequenceEqual("message_delta"u8) => SseEventKind.MessageDelta,
        _ when name.SequenceEqual("message_stop"u8) => SseEventKind.MessageStop,
        _ when name.SequenceEqual("ping"u8) => SseEventKind.Ping,
        _ when name.SequenceEqual("error"u8) => SseEventKind.Error,
        _ => SseEventKind.Other,
    };

    private static ReadOnlySpan<byte> TrimSpace(ReadOnlySpan<byte> value) => value.Trim((byte)' ');

    private enum Container
    {
        None,
        Other,
        Usage,
        Message,
        Delta,
        Error,
    }
}
