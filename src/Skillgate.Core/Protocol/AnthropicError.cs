using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Skillgate.Protocol;

/// <summary>The <c>error</c> object of the Anthropic API: <c>{"type":"...","message":"..."}</c>.</summary>
public sealed class AnthropicError
{
    /// <summary>Creates an error of <paramref name="type"/> (see <see cref="AnthropicErrorTypes"/>).</summary>
    public AnthropicError(string type, string message)
    {
        Type = type;
        Message = message;
    }

    /// <summary>The error type, e.g. <c>rate_limit_error</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; }

    /// <summary>A human-readable message that names the problem.</summary>
    [JsonPropertyName("message")]
    public string Message { get; }

    /// <summary>The HTTP status code this error travels with.</summary>
    [JsonIgnore]
    public int StatusCode => AnthropicErrorTypes.ToStatusCode(Type);

    /// <summary>Creates an <c>invalid_request_error</c>.</summary>
    public static AnthropicError InvalidRequest(string message) => new(AnthropicErrorTypes.InvalidRequest, message);

    /// <summary>Writes the full response body
    /// <c>{"type":"error","error":{...},"request_id":"..."}</c> as UTF-8 JSON.</summary>
    public void WriteResponseBody(IBufferWriter<byte> output, string? requestId)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString(JsonNames.Type, JsonNames.Error);
        WriteErrorProperty(writer);
        if (requestId is not null)
        {
            writer.WriteString(JsonNames.RequestId, requestId);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the body of an SSE <c>error</c> event: <c>{"type":"error","error":{...}}</c>.</summary>
    public void WriteEventData(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(JsonNames.Type, JsonNames.Error);
        WriteErrorProperty(writer);
        writer.WriteEndObject();
    }

    /// <summary>The full response body as a UTF-8 byte array.</summary>
    public byte[] ToResponseBody(string? requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + Message.Length);
        WriteResponseBody(buffer, requestId);
        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}: {Message}";

    private void WriteErrorProperty(Utf8JsonWriter writer)
    {
        writer.WriteStartObject(JsonNames.Error);
        writer.WriteString(JsonNames.Type, Type);
        writer.WriteString(JsonNames.Message, Message);
        writer.WriteEndObject();
    }
}
