using System.Security.Cryptography;
using System.Text.Json;

namespace Skillgate.Redaction;

/// <summary>
/// The id of a conversation that has none of its own: a hash of how it starts. Callers resend the whole history every
/// turn, so its first message (and system prompt) come back byte for byte, and every turn finds the same vault.
/// </summary>
public static class ConversationKeys
{
    private static ReadOnlySpan<byte> SystemName => "system"u8;

    private static ReadOnlySpan<byte> MessagesName => "messages"u8;

    /// <summary>
    /// <c>auto-</c> and 32 hex digits of SHA-256 over the raw JSON of a Messages request's <c>system</c> and first
    /// <c>messages</c> entry (as sent, before redaction); <see langword="null"/> when the body is not an object with a
    /// first message. Conversations that start with the same bytes share the id: scope it (by tenant) before use.
    /// </summary>
    /// <param name="body">The Messages request body (UTF-8 JSON).</param>
    /// <returns>The id, or <see langword="null"/>.</returns>
    public static string? FromFirstMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = RequestRedactor.MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
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

            return first.IsEmpty ? null : Hash(system, first);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Hash(ReadOnlySpan<byte> system, ReadOnlySpan<byte> first)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, system.Length);
        hash.AppendData(length);
        hash.AppendData(system);
        hash.AppendData(first);
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return "auto-" + Convert.ToHexStringLower(digest[..16]);
    }
}
