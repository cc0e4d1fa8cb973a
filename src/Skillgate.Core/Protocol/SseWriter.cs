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

    private void WriteHeader(ReadOnlySpan<byte> eventName)
    {
        var span = _output.GetSpan(eventName.Length + 14);
        "event: "u8.CopyTo(span);
        eventName.CopyTo(span[7..]);
        "\ndata: "u8.CopyTo(span[(7 + eventName.Length)..]);
        _output.Advance(eventName.Length + 14);
    }
}
