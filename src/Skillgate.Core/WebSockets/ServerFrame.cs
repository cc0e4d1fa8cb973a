using System.Text.Json;

namespace Skillgate.WebSockets;

/// <summary>A frame from the gateway (see docs/websocket-protocol.md), parsed in one pass.</summary>
internal sealed class ServerFrame
{
    public string Type { get; private set; } = "";

    public string? Id { get; private set; }

    public string? StreamId { get; private set; }

    public int Seq { get; private set; }

    public string? Event { get; private set; }

    public ReadOnlyMemory<byte> Data { get; private set; }

    public int Status { get; private set; }

    public string? RequestId { get; private set; }

    public string? ErrorType { get; private set; }

    public string? ErrorMessage { get; private set; }

    /// <summary>True on the error frame of a stream that sat at zero credit too long: it left the socket but can be resumed.</summary>
    public bool Resumable { get; private set; }

    /// <exception cref="JsonException">The frame is not valid JSON.</exception>
    public static ServerFrame Parse(ReadOnlySpan<byte> json)
    {
        var frame = new ServerFrame();
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                frame.Data = json[start..(int)reader.BytesConsumed].ToArray();
                continue;
            }

            if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                ReadError(ref reader, frame);
                continue;
            }

            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "type": frame.Type = reader.GetString() ?? ""; break;
                case "id": frame.Id = reader.GetString(); break;
                case "stream_id": frame.StreamId = reader.GetString(); break;
                case "seq": frame.Seq = reader.GetInt32(); break;
                case "event": frame.Event = reader.GetString(); break;
                case "status": frame.Status = reader.GetInt32(); break;
                case "request_id": frame.RequestId = reader.GetString(); break;
                case "resumable": frame.Resumable = reader.TokenType == JsonTokenType.True; break;
                default: reader.Skip(); break;
            }
        }

        return frame;
    }

    private static void ReadError(ref Utf8JsonReader reader, ServerFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isMessage = reader.ValueTextEquals("message"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                frame.ErrorType = reader.GetString();
            }
            else if (isMessage && reader.TokenType == JsonTokenType.String)
            {
                frame.ErrorMessage = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
