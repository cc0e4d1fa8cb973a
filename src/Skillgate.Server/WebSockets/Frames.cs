using System.Buffers;
using System.Text.Json;
using Skillgate.Server.Errors;

namespace Skillgate.Server.WebSockets;

/// <summary>Writes the server's frames (see docs/websocket-protocol.md); each is one JSON text message.</summary>
internal static class Frames
{
    public static byte[] Started(string? clientId, string streamId, int resumedAfter) => Write(w =>
    {
        w.WriteString("type", "started");
        WriteId(w, clientId);
        w.WriteString("stream_id", streamId);
        w.WriteNumber("resumed_after", resumedAfter);
    });

    public static byte[] Event(string streamId, int seq, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + eventName.Length + 96);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "event");
            w.WriteString("stream_id", streamId);
            w.WriteNumber("seq", seq);
            w.WriteString("event", eventName);
            w.WritePropertyName("data");
            try
            {
                w.WriteRawValue(data);
            }
            catch (JsonException)
            {
                // Not JSON (no such event in the API today): carried as a string rather than dropped.
                w.WriteStringValue(data);
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Done(string streamId, int seq, string? requestId) => Write(w =>
    {
        w.WriteString("type", "done");
        w.WriteString("stream_id", streamId);
        w.WriteNumber("seq", seq);
        if (requestId is not null)
        {
            w.WriteString("request_id", requestId);
        }
    });

    /// <summary>An error frame; with a <paramref name="streamId"/> it ends that stream, without one it answers a bad frame.</summary>
    public static byte[] Error(string? clientId, string? streamId, int seq, int status, string errorType, string message, string? requestId = null) => Write(w =>
    {
        w.WriteString("type", "error");
        WriteId(w, clientId);
        if (streamId is not null)
        {
            w.WriteString("stream_id", streamId);
            w.WriteNumber("seq", seq);
        }

        w.WriteNumber("status", status);
        if (requestId is not null)
        {
            w.WriteString("request_id", requestId);
        }

        w.WriteStartObject("error");
        w.WriteString("type", errorType);
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    /// <summary>An error frame ending a stream, carrying the upstream's own error object.</summary>
    public static byte[] UpstreamError(string streamId, int seq, int status, string? requestId, ReadOnlySpan<byte> body)
    {
        var errorType = ErrorTypesOf(status);
        var message = "The upstream answered with status " + status + ".";
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            if (doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                errorType = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : errorType;
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : message;
            }
        }
        catch (JsonException)
        {
            // A non-JSON error body keeps the generic message.
        }

        return Error(null, streamId, seq, status, errorType, message, requestId);
    }

    /// <summary>
    /// The error frame of a stream that sat at zero credit past the slow-reader limit: it ends the stream on this
    /// socket only. It is not one of the stream's numbered frames; <c>last_seq</c> is where a resume picks up.
    /// </summary>
    public static byte[] Paused(string streamId, int lastSeq, TimeSpan timeout) => Write(w =>
    {
        w.WriteString("type", "error");
        w.WriteString("stream_id", streamId);
        w.WriteNumber("last_seq", lastSeq);
        w.WriteBoolean("resumable", true);
        w.WriteNumber("status", 408);
        w.WriteStartObject("error");
        w.WriteString("type", Protocol.AnthropicErrorTypes.Timeout);
        w.WriteString("message", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The stream had no credit for {timeout.TotalSeconds:0.###} s; it left this socket. Resume it with last_seq {lastSeq} within the resume window."));
        w.WriteEndObject();
    });

    public static byte[] Pong() => """{"type":"pong"}"""u8.ToArray();

    private static string ErrorTypesOf(int status) => Skillgate.Protocol.AnthropicErrorTypes.FromStatusCode(status);

    private static void WriteId(Utf8JsonWriter w, string? clientId)
    {
        if (clientId is not null)
        {
            w.WriteString("id", clientId);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
