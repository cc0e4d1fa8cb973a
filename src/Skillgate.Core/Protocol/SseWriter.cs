using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Skillgate.Protocol;

/// <summary>Writes SSE events (<c>event: name\ndata: {json}\n\n</c>) straight into an
/// <see cref="IBufferWriter{T}"/> (e.g. a <c>PipeWriter</c>) without intermediate strings.
/// One instance per response; not thread-safe.</summary>
public sealed class SseWriter : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    // Bytes the default JSON encoder would escape: quotes, backslash, controls, HTML-sensitive and non-ASCII.
    private static readonly SearchValues<byte> NeedsEscaping = SearchValues.Create(CreateEscapeSet());
    private readonly IBufferWriter<byte> _output;
    private readonly Utf8JsonWriter _json;

    /// <summary>Creates a writer over <paramref name="output"/>.</summary>
    public SseWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _json = new Utf8JsonWriter(output, WriterOptions);
    }

    /// <summary>Writes an event whose data is already UTF-8 JSON on one line.</summary>
    public void WriteEvent(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> jsonData)
    {
        WriteHeader(eventName);
        _output.Write(jsonData);
        _output.Write("\n\n"u8);
    }

    /// <summary>Starts an event and returns the JSON writer for its data; call <see cref="EndEvent"/> after
    /// writing exactly one JSON value.</summary>
    public Utf8JsonWriter BeginEvent(ReadOnlySpan<byte> eventName)
    {
        WriteHeader(eventName);
        _json.Reset(_output);
        return _json;
    }

    /// <summary>Ends the event begun by <see cref="BeginEvent"/>.</summary>
    public void EndEvent()
    {
        _json.Flush();
        _output.Write("\n\n"u8);
    }

    /// <summary>Serializes <paramref name="evt"/> as an event named after its type.</summary>
    public void WriteEvent(StreamEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var name = evt.EventType;
        Span<byte> nameBytes = stackalloc byte[64];
        var length = Encoding.UTF8.GetBytes(name, nameBytes);
        var writer = BeginEvent(nameBytes[..length]);
        JsonSerializer.Serialize(writer, evt, ProtocolJsonContext.Default.StreamEvent);
        EndEvent();
    }

    /// <summary>Writes a <c>content_block_delta</c> event with a <c>text_delta</c>; text that needs no JSON
    /// escaping is copied as is (the common case), other text goes through the JSON writer.</summary>
    public void WriteTextDelta(int index, ReadOnlySpan<byte> utf8Text)
    {
        if (utf8Text.IndexOfAny(NeedsEscaping) >= 0 || index < 0)
        {
            var w = BeginEvent("content_block_delta"u8);
            w.WriteStartObject();
            w.WriteString("type"u8, "content_block_delta"u8);
            w.WriteNumber("index"u8, index);
            w.WriteStartObject("delta"u8);
            w.WriteString("type"u8, "text_delta"u8);
            w.WriteString("text"u8, utf8Text);
            w.WriteEndObject();
            w.WriteEndObject();
            EndEvent();
            return;
        }

        ReadOnlySpan<byte> head = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":"u8;
        ReadOnlySpan<byte> middle = ",\"delta\":{\"type\":\"text_delta\",\"text\":\""u8;
        ReadOnlySpan<byte> tail = "\"}}\n\n"u8;
        var span = _output.GetSpan(head.Length + 11 + middle.Length + utf8Text.Length + tail.Length);
        head.CopyTo(span);
        var at = head.Length;
        index.TryFormat(span[at..], out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
        at += digits;
        middle.CopyTo(span[at..]);
        at += middle.Length;
        utf8Text.CopyTo(span[at..]);
        at += utf8Text.Length;
        tail.CopyTo(span[at..]);
        _output.Advance(at + tail.Length);
    }

    /// <summary>Writes an <c>error</c> event.</summary>
    public void WriteError(AnthropicError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var writer = BeginEvent("error"u8);
        error.WriteEventData(writer);
        EndEvent();
    }

    /// <inheritdoc />
    public void Dispose() => _json.Dispose();

    private static byte[] CreateEscapeSet()
    {
        var bytes = new List<byte>();
        for (var b = 0; b < 256; b++)
        {
            if (b < 0x20 || b >= 0x7F || b is '"' or '\\' or '<' or '>' or '&' or '\'' or '+' or '`')
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }

    private void WriteHeader(ReadOnlySpan<byte> eventName)
    {
        var span = _output.GetSpan(eventName.Length + 14);
        "event: "u8.CopyTo(span);
        eventName.CopyTo(span[7..]);
        "\ndata: "u8.CopyTo(span[(7 + eventName.Length)..]);
        _output.Advance(eventName.Length + 14);
    }
}
