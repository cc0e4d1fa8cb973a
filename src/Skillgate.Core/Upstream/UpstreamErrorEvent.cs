using System.Buffers;
using System.Text.Json;

namespace Skillgate.Upstream;

/// <summary>Writes the Anthropic-shaped <c>event: error</c> that ends a stream which failed after its first byte.</summary>
internal static class UpstreamErrorEvent
{
    public static byte[] Create(string errorType, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("event: error\ndata: "u8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteErrorJson(writer, errorType, message);
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{"type":"error","error":{"type":"...","message":"..."}}</c>.</summary>
    public static byte[] CreateJson(string errorType, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteErrorJson(writer, errorType, message);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteErrorJson(Utf8JsonWriter writer, string errorType, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "error"u8);
        writer.WriteStartObject("error"u8);
        writer.WriteString("type"u8, errorType);
        writer.WriteString("message"u8, message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
