using System.Text.Json;
using System.Text.Unicode;
using Skillgate.Server.Errors;

namespace Skillgate.Server.WebSockets;

/// <summary>A frame from the client, parsed in one pass; the request body is copied out as raw bytes.</summary>
internal sealed class ClientFrame
{
    public string Type { get; private set; } = "";

    public string? Id { get; private set; }

    public string? StreamId { get; private set; }

    public int LastSeq { get; private set; }

    /// <summary>The largest <c>window</c> or <c>credit</c> a client may ask for, and the most credit a stream may hold.</summary>
    public const int MaxCredit = 1_000_000;

    public byte[]? Body { get; private set; }

    /// <summary>The flow-control window of a <c>request</c> or <c>resume</c> (events); null when the client did not opt in.</summary>
    public int? Window { get; private set; }

    /// <summary>The events a <c>credit</c> frame grants.</summary>
    public int? Events { get; private set; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <exception cref="GatewayException">The frame is not a valid client frame; the message says why.</exception>
    public static ClientFrame Parse(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            throw GatewayException.InvalidRequest("The frame is not valid UTF-8.");
        }

        var frame = new ClientFrame();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw GatewayException.InvalidRequest("A frame must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    frame.Type = ReadString(ref reader, "type");
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    frame.Id = ReadString(ref reader, "id");
                }
                else if (reader.ValueTextEquals("stream_id"u8))
                {
                    frame.StreamId = ReadString(ref reader, "stream_id");
                }
                else if (reader.ValueTextEquals("last_seq"u8))
                {
                    reader.Read();
                    frame.LastSeq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var seq) && seq >= 0
                        ? seq
                        : throw GatewayException.InvalidRequest("last_seq: expected a non-negative integer");
                }
                else if (reader.ValueTextEquals("window"u8))
                {
                    frame.Window = ReadCount(ref reader, "window");
                }
                else if (reader.ValueTextEquals("events"u8))
                {
                    frame.Events = ReadCount(ref reader, "events");
                }
                else if (reader.ValueTextEquals("body"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw GatewayException.InvalidRequest("body: expected a JSON object (a Messages request)");
                    }

                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    frame.Body = json[start..(int)reader.BytesConsumed].ToArray();
                }
                else if (reader.ValueTextEquals("headers"u8))
                {
                    ReadHeaders(ref reader, frame.Headers);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw GatewayException.InvalidRequest($"The frame is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            // GetString on an escaped lone surrogate ("\ud800").
            throw GatewayException.InvalidRequest("The frame has a string that is not valid UTF-16 (a lone surrogate escape).");
        }

        if (frame.Type.Length == 0)
        {
            throw GatewayException.InvalidRequest("type: Field required");
        }

        return frame;
    }

    private static string ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw GatewayException.InvalidRequest($"{field}: expected a string");
    }

    private static int ReadCount(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) && value is >= 1 and <= MaxCredit
            ? value
            : throw GatewayException.InvalidRequest($"{field}: expected an integer from 1 to {MaxCredit}");
    }

    private static void ReadHeaders(ref Utf8JsonReader reader, List<KeyValuePair<string, string>> headers)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw GatewayException.InvalidRequest("headers: expected an object of strings");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var value = ReadString(ref reader, "headers." + name);
            headers.Add(new(name, value));
        }
    }
}
