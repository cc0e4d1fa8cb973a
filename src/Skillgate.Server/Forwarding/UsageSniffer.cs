using System.Text.Json;

namespace Skillgate.Server.Forwarding;

/// <summary>Reads token usage out of a response without parsing more than the usage object.</summary>
internal static class UsageSniffer
{
    /// <summary>Finds the first <c>usage</c> object in <paramref name="json"/> and reads its token counts.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out long inputTokens, out long outputTokens)
    {
        inputTokens = 0;
        outputTokens = 0;
        if (json.IndexOf("\"usage\""u8) < 0)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        return false;
                    }

                    var depth = reader.CurrentDepth;
                    while (reader.Read() && reader.CurrentDepth > depth)
                    {
                        if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != depth + 1)
                        {
                            continue;
                        }

                        var isInput = reader.ValueTextEquals("input_tokens"u8);
                        var isOutput = reader.ValueTextEquals("output_tokens"u8);
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                        {
                            if (isInput)
                            {
                                inputTokens = value;
                            }
                            else if (isOutput)
                            {
                                outputTokens = value;
                            }
                        }
                    }

                    return true;
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}
