using System.Buffers;
using System.Text.Json;

namespace Skillgate.Upstream;

/// <summary>Replaces the top-level <c>model</c> value of a JSON request body, leaving every other byte as it was.</summary>
internal static class ModelRewriter
{
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> body, string model)
    {
        var reader = new Utf8JsonReader(body.Span);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return body;
                    }

                    // The string token spans its quotes; ValueSpan is the raw (still escaped) text between them.
                    var start = (int)reader.TokenStartIndex;
                    var end = start + reader.ValueSpan.Length + 2;
                    var output = new ArrayBufferWriter<byte>(body.Length + model.Length);
                    output.Write(body.Span[..start]);
                    using (var writer = new Utf8JsonWriter(output))
                    {
                        writer.WriteStringValue(model);
                    }

                    output.Write(body.Span[end..]);
                    return output.WrittenMemory;
                }

                if (reader.CurrentDepth >= 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON we can read: send it as it is and let the upstream answer 400.
        }

        return body;
    }
}
