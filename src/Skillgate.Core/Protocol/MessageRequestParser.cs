using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace Skillgate.Protocol;

/// <summary>Reads <see cref="MessageRequestInfo"/> from a raw Messages request body with
/// <see cref="Utf8JsonReader"/>, validating what the API validates first (JSON, UTF-8, required fields
/// and their types). Unknown fields are skipped.</summary>
public static partial class MessageRequestParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512 };

    /// <summary>Parses a <c>POST /v1/messages</c> body (<paramref name="requireMaxTokens"/> true) or a
    /// <c>count_tokens</c> body (false). On failure <paramref name="error"/> is an
    /// <c>invalid_request_error</c> whose message names the field.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, bool requireMaxTokens,
        out MessageRequestInfo? info, out AnthropicError? error)
    {
        info = null;
        error = null;
        if (utf8Json.IsEmpty)
        {
            error = AnthropicError.InvalidRequest("The request body is empty; expected a JSON object.");
            return false;
        }

        if (!Utf8.IsValid(utf8Json))
        {
            error = AnthropicError.InvalidRequest("The request body is not valid UTF-8.");
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            info = ParseRoot(ref reader, requireMaxTokens);
            return true;
        }
        catch (RequestFieldException ex)
        {
            error = AnthropicError.InvalidRequest(ex.Message);
        }
        catch (JsonException ex)
        {
            error = AnthropicError.InvalidRequest("There was an error parsing the body of your request as JSON: " + ex.Message);
        }

        return false;
    }

    private static MessageRequestInfo ParseRoot(ref Utf8JsonReader reader, bool requireMaxTokens)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RequestFieldException("The request body must be a JSON object.");
        }

        var info = new MessageRequestInfo();
        var stats = default(TextStatsBuilder);
        bool hasModel = false, hasMaxTokens = false, hasMessages = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("model"u8))
            {
                Next(ref reader);
                info.Model = reader.TokenType == JsonTokenType.String
                    ? reader.GetString()!
                    : throw new RequestFieldException("model: Input should be a valid string");
                hasModel = true;
            }
            else if (reader.ValueTextEquals("max_tokens"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var maxTokens))
                {
                    throw new RequestFieldException("max_tokens: Input should be a valid integer");
                }

                info.MaxTokens = maxTokens >= 1
                    ? maxTokens
                    : throw new RequestFieldException("max_tokens: Input should be greater than or equal to 1");
                hasMaxTokens = true;
            }
            else if (reader.ValueTextEquals("stream"u8))
            {
                Next(ref reader);
                info.Stream = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False or JsonTokenType.Null => false,
                    _ => throw new RequestFieldException("stream: Input should be a valid boolean"),
                };
            }
            else if (reader.ValueTextEquals("messages"u8))
            {
                Next(ref reader);
                ParseMessages(ref reader, info, ref stats);
                hasMessages = true;
            }
            else if (reader.ValueTextEquals("system"u8))
            {
                Next(ref reader);
                ParseSystem(ref reader, ref stats);
            }
            else if (reader.ValueTextEquals("tools"u8))
            {
                Next(ref reader);
                ParseTools(ref reader, info, ref stats);
            }
            else if (reader.ValueTextEquals("tool_choice"u8))
            {
                Next(ref reader);
                ParseToolChoice(ref reader, info);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                Next(ref reader);
                ParseMetadata(ref reader, info);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        if (!hasModel)
        {
            throw new RequestFieldException("model: Field required");
        }

        if (requireMaxTokens && !hasMaxTokens)
        {
            throw new RequestFieldException("max_tokens: Field required");
        }

        if (!hasMessages)
        {
            throw new RequestFieldException("messages: Field required");
        }

        info.Text = stats.Build();
        return info;
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("Unexpected end of the body.");
        }
    }

    private static void ParseSystem(ref Utf8JsonReader reader, ref TextStatsBuilder stats)
    {
        stats.AddBlock();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                AddString(ref reader, ref stats);
                break;
            case JsonTokenType.StartArray:
                WalkContent(ref reader, ref stats);
                break;
            case JsonTokenType.Null:
                break;
            default:
                throw new RequestFieldException("system: Input should be a valid string or a list of text blocks");
        }
    }

    private static void ParseMetadata(ref Utf8JsonReader reader, MessageRequestInfo info)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RequestFieldException("metadata: Input should be a valid dictionary");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUserId = reader.ValueTextEquals("user_id"u8);
            Next(ref reader);
            if (isUserId && reader.TokenType == JsonTokenType.String)
            {
                info.UserId = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ParseToolChoice(ref Utf8JsonReader reader, MessageRequestInfo info)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new RequestFieldException("tool_choice: Input should be a valid dictionary");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isName = reader.ValueTextEquals("name"u8);
            Next(ref reader);
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                info.ToolChoiceType = reader.GetString();
            }
            else if (isName && reader.TokenType == JsonTokenType.String)
            {
                info.ToolChoiceName = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void AddString(ref Utf8JsonReader reader, ref TextStatsBuilder stats)
    {
        if (!reader.ValueIsEscaped)
        {
            stats.AddText(reader.ValueSpan);
            return;
        }

        var length = reader.ValueSpan.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(rented);
            stats.AddText(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
