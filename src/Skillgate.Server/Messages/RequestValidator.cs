using System.Text.Json;
using System.Text.Unicode;
using Skillgate.Protocol;
using Skillgate.Server.Errors;

namespace Skillgate.Server.Messages;

/// <summary>
/// Checks a request body in one pass of <see cref="Utf8JsonReader"/>: valid UTF-8, well-formed JSON, an object,
/// the required fields present with the right types. Reads only what decisions need; the rest is skipped.
/// </summary>
internal static class RequestValidator
{
    /// <summary>Checks a Messages (or count_tokens) body and returns what the protocol parser read from it.</summary>
    /// <exception cref="GatewayException">400 naming the problem.</exception>
    public static MessageRequestInfo ValidateMessages(ReadOnlySpan<byte> body, bool requireMaxTokens) =>
        Validate(body, requireMaxTokens ? RequestKind.Messages : RequestKind.CountTokens)!;

    /// <summary>Checks a body of <paramref name="kind"/>; for Messages and count_tokens returns what the parser read.</summary>
    /// <exception cref="GatewayException">400 naming the problem.</exception>
    public static MessageRequestInfo? Validate(ReadOnlySpan<byte> body, RequestKind kind)
    {
        if (kind == RequestKind.NoBody)
        {
            return null;
        }

        if (body.IsEmpty)
        {
            throw GatewayException.InvalidRequest("The request body is empty; a JSON object is expected.");
        }

        if (kind is RequestKind.Messages or RequestKind.CountTokens)
        {
            // The protocol parser also measures the text, for the scheduler's token estimate.
            MessageRequestInfo? info;
            Skillgate.Protocol.AnthropicError? error;
            try
            {
                if (!MessageRequestParser.TryParse(body, requireMaxTokens: kind == RequestKind.Messages, out info, out error))
                {
                    throw new GatewayException(error!.StatusCode, error.Type, error.Message);
                }
            }
            catch (InvalidOperationException)
            {
                throw LoneSurrogate();
            }

            return info!;
        }

        if (!Utf8.IsValid(body))
        {
            throw GatewayException.InvalidRequest("The request body is not valid UTF-8.");
        }

        string? model = null;
        long maxTokens = 0;
        var stream = false;
        bool hasModel = false, hasMaxTokens = false, hasMessages = false, hasRequests = false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw GatewayException.InvalidRequest("The request body must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("model"u8))
                {
                    reader.Read();
                    model = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw WrongType("model", "a string", reader.TokenType);
                    hasModel = !string.IsNullOrEmpty(model);
                }
                else if (reader.ValueTextEquals("max_tokens"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out maxTokens) || maxTokens < 1)
                    {
                        throw WrongType("max_tokens", "a positive integer", reader.TokenType);
                    }

                    hasMaxTokens = true;
                }
                else if (reader.ValueTextEquals("stream"u8))
                {
                    reader.Read();
                    stream = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw WrongType("stream", "a boolean", reader.TokenType),
                    };
                }
                else if (reader.ValueTextEquals("messages"u8))
                {
                    reader.Read();
                    hasMessages = reader.TokenType == JsonTokenType.StartArray ? true : throw WrongType("messages", "an array", reader.TokenType);
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("requests"u8))
                {
                    reader.Read();
                    hasRequests = reader.TokenType == JsonTokenType.StartArray ? true : throw WrongType("requests", "an array", reader.TokenType);
                    reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.Read())
            {
                throw GatewayException.InvalidRequest("The request body has data after its JSON object.");
            }

            // The values skipped above were never unescaped; the upstream would fail on a lone surrogate with a 500.
            if (JsonEscapes.HasLoneSurrogate(body))
            {
                throw LoneSurrogate();
            }
        }
        catch (JsonException ex)
        {
            throw GatewayException.InvalidRequest($"The request body is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException)
        {
            throw LoneSurrogate();
        }

        switch (kind)
        {
            case RequestKind.Messages:
                Require(hasModel, "model");
                Require(hasMaxTokens, "max_tokens");
                Require(hasMessages, "messages");
                break;
            case RequestKind.CountTokens:
                Require(hasModel, "model");
                Require(hasMessages, "messages");
                break;
            case RequestKind.CreateBatch:
                Require(hasRequests, "requests");
                break;
            default:
                break;
        }

        return null;
    }

    private static GatewayException LoneSurrogate() =>
        GatewayException.InvalidRequest("The request body has a string that is not valid UTF-16 (a lone surrogate escape such as \\ud800).");

    private static void Require(bool present, string field)
    {
        if (!present)
        {
            throw GatewayException.InvalidRequest($"{field}: Field required");
        }
    }

    private static GatewayException WrongType(string field, string expected, JsonTokenType actual) =>
        GatewayException.InvalidRequest($"{field}: expected {expected}, got {Describe(actual)}");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => token.ToString(),
    };
}
