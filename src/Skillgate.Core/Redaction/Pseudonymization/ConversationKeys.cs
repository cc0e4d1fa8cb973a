using System.Security.Cryptography;
using System.Text.Json;

namespace Skillgate.Redaction.Pseudonymization;

/// <summary>
/// How a Messages request's conversation starts: its <c>system</c> and first <c>messages</c> entry as raw JSON. Callers
/// resend the whole history every turn, so these come back byte for byte (<see cref="Pseudonymizer.ConversationIdOf"/>).
/// </summary>
internal static class ConversationKeys
{
    private static ReadOnlySpan<byte> SystemName => "system"u8;

    private static ReadOnlySpan<byte> MessagesName => "messages"u8;

    /// <summary>Feeds the conversation's start to <paramref name="hash"/>; false when the body has no first message.</summary>
    public static bool TryAppendStart(ReadOnlySpan<byte> body, IncrementalHash hash)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = RequestRedactor.MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            ReadOnlySpan<byte> system = default;
            ReadOnlySpan<byte> first = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSystem = reader.ValueTextEquals(SystemName);
                var isMessages = !isSystem && reader.ValueTextEquals(MessagesName);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (isMessages && reader.TokenType == JsonTokenType.StartArray)
                {
                    if (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var itemStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        first = body[itemStart..(int)reader.BytesConsumed];
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            reader.Skip();
                        }
                    }

                    continue;
                }

                reader.Skip();
                if (isSystem)
                {
                    system = body[start..(int)reader.BytesConsumed];
                }
            }

            if (first.IsEmpty)
            {
                return false;
            }

            Span<byte> length = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, system.Length);
            hash.AppendData(length);
            hash.AppendData(system);
            hash.AppendData(first);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
