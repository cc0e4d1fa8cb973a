using System.Buffers;
using System.Text.Json;

namespace Skillgate.Upstream;

/// <summary>
/// Reads the few things the transport needs from Messages API JSON (usage, stop reason, error type) without
/// materializing it. Only <c>usage</c> objects at the top level or inside the top-level <c>message</c> count, so
/// that tool inputs that happen to contain a "usage" key are ignored.
/// </summary>
internal static class SseSniffer
{
    /// <summary>
    /// Classifies one SSE event (its raw bytes, lines and end included) and sniffs usage/stop/error events into
    /// <paramref name="state"/>. Several <c>data</c> lines are joined with <c>\n</c>, as an SSE client would.
    /// </summary>
    public static SseEventKind Sniff(ReadOnlySpan<byte> sseEvent, ref SseSniffState state)
    {
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> data = default;
        bool hasField = false, hasData = false;
        byte[]? joined = null;
        var joinedLength = 0;
        try
        {
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

                switch (SseLine.Parse(line, out var value))
                {
                    case SseLine.Field.Event:
                        name = value;
                        hasField = true;
                        break;
                    case SseLine.Field.Data when !hasData:
                        data = value;
                        hasField = hasData = true;
                        break;
                    case SseLine.Field.Data:
                        // Rare: JSON split over several data lines. The joined text is never longer than the event.
                        if (joined is null)
                        {
                            joined = ArrayPool<byte>.Shared.Rent(sseEvent.Length);
                            data.CopyTo(joined);
                            joinedLength = data.Length;
                        }

                        joined[joinedLength++] = (byte)'\n';
                        value.CopyTo(joined.AsSpan(joinedLength));
                        joinedLength += value.Length;
                        break;
                }
            }

            return hasField
                ? Sniff(name, joined is null ? data : joined.AsSpan(0, joinedLength), ref state)
                : SseEventKind.Empty;
        }
        finally
        {
            if (joined is not null)
            {
                ArrayPool<byte>.Shared.Return(joined);
            }
        }
    }

    /// <summary>Classifies one parsed SSE event (its name and data) and sniffs usage/stop/error events into <paramref name="state"/>.</summary>
    public static SseEventKind Sniff(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data, ref SseSniffState state)
    {
        var kind = Classify(eventName.Trim((byte)' '));
        if (kind is SseEventKind.MessageStart or SseEventKind.MessageDelta or SseEventKind.Error && !data.IsEmpty)
        {
            SniffJson(data, ref state);
        }

        return kind;
    }

    /// <summary>
    /// True for an event that means content is flowing: a delta, a stop, or an event type we do not know. This is
    /// what ends the first-token timeout and what the time-to-first-token metric measures.
    /// </summary>
    public static bool IsFirstToken(SseEventKind kind) =>
        kind is not (SseEventKind.Empty or SseEventKind.MessageStart or SseEventKind.ContentBlockStart or SseEventKind.Ping or SseEventKind.Error);

    /// <summary>The usage in a whole JSON document (a non-streaming answer); zero where it has none.</summary>
    public static UpstreamUsage UsageOf(ReadOnlySpan<byte> json)
    {
        var state = default(SseSniffState);
        SniffJson(json, ref state);
        return state.Usage;
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
        var property = Name.Other;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = NameOf(ref reader);
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == 1:
                    container = ContainerFor(property);
                    inner = Container.None;
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == 2 && container == Container.Message:
                    inner = property == Name.Usage ? Container.Usage : Container.None;
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
                    if (container == Container.Delta && property == Name.StopReason)
                    {
                        state.StopReason = StopReasonOf(ref reader);
                    }
                    else if (container == Container.Error && property == Name.Type)
                    {
                        state.ErrorType = reader.GetString();
                    }
                    else if (container == Container.Error && property == Name.Message)
                    {
                        state.ErrorMessage = reader.GetString();
                    }

                    break;
                case JsonTokenType.String when reader.CurrentDepth == 1 && property == Name.StopReason:
                    state.StopReason = StopReasonOf(ref reader);
                    break;
            }
        }
    }

    private static Name NameOf(ref Utf8JsonReader reader) => reader switch
    {
        _ when reader.ValueTextEquals("usage"u8) => Name.Usage,
        _ when reader.ValueTextEquals("message"u8) => Name.Message,
        _ when reader.ValueTextEquals("delta"u8) => Name.Delta,
        _ when reader.ValueTextEquals("error"u8) => Name.Error,
        _ when reader.ValueTextEquals("type"u8) => Name.Type,
        _ when reader.ValueTextEquals("stop_reason"u8) => Name.StopReason,
        _ when reader.ValueTextEquals("input_tokens"u8) => Name.InputTokens,
        _ when reader.ValueTextEquals("output_tokens"u8) => Name.OutputTokens,
        _ when reader.ValueTextEquals("cache_creation_input_tokens"u8) => Name.CacheCreationInputTokens,
        _ when reader.ValueTextEquals("cache_read_input_tokens"u8) => Name.CacheReadInputTokens,
        _ => Name.Other,
    };

    // The common stop reasons without allocating; anything else (forward compatible) as a new string.
    private static string? StopReasonOf(ref Utf8JsonReader reader) => reader switch
    {
        _ when reader.ValueTextEquals("end_turn"u8) => "end_turn",
        _ when reader.ValueTextEquals("max_tokens"u8) => "max_tokens",
        _ when reader.ValueTextEquals("tool_use"u8) => "tool_use",
        _ when reader.ValueTextEquals("stop_sequence"u8) => "stop_sequence",
        _ => reader.GetString(),
    };

    private static void Record(Name property, long value, ref SseSniffState state)
    {
        switch (property)
        {
            case Name.InputTokens:
                state.InputTokens = value;
                break;
            case Name.OutputTokens:
                state.OutputTokens = value;
                break;
            case Name.CacheCreationInputTokens:
                state.CacheCreationInputTokens = value;
                break;
            case Name.CacheReadInputTokens:
                state.CacheReadInputTokens = value;
                break;
        }
    }

    private static Container ContainerFor(Name property) => property switch
    {
        Name.Usage => Container.Usage,
        Name.Message => Container.Message,
        Name.Delta => Container.Delta,
        Name.Error => Container.Error,
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

    private enum Container
    {
        None,
        Other,
        Usage,
        Message,
        Delta,
        Error,
    }

    private enum Name
    {
        Other,
        Usage,
        Message,
        Delta,
        Error,
        Type,
        StopReason,
        InputTokens,
        OutputTokens,
        CacheCreationInputTokens,
        CacheReadInputTokens,
    }
}
