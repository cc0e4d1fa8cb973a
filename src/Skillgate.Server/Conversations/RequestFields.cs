using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;
using Skillgate.Server.Errors;

namespace Skillgate.Server.Conversations;

/// <summary>Reads the few typed fields of a conversation request, answering 400 with the field's name when one is wrong.</summary>
internal static class RequestFields
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Parses a JSON object body; an empty body is an empty object. Invalid UTF-8, a lone surrogate escape and a
    /// duplicated property are refused here: read later, each would throw deep inside a handler (a 500), or worse,
    /// be stored and break every later turn of the conversation.
    /// </summary>
    public static JsonObject ParseObject(byte[] body)
    {
        if (body.Length == 0)
        {
            return [];
        }

        if (!Utf8.IsValid(body))
        {
            throw GatewayException.InvalidRequest("The request body is not valid UTF-8.");
        }

        try
        {
            var node = JsonNode.Parse(body, documentOptions: Strict) as JsonObject ?? throw GatewayException.InvalidRequest("The request body must be a JSON object.");
            return Messages.JsonEscapes.HasLoneSurrogate(body) ? throw LoneSurrogate() : node;
        }
        catch (JsonException e)
        {
            throw GatewayException.InvalidRequest($"The request body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // The duplicate check unescapes property names: a lone surrogate in one surfaces here.
            throw LoneSurrogate();
        }
    }

    private static GatewayException LoneSurrogate() =>
        GatewayException.InvalidRequest("The request body has a string that is not valid UTF-16 (a lone surrogate escape such as \\ud800).");

    public static string? OptionalString(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } value
            ? value
            : throw GatewayException.InvalidRequest($"{name}: must be a non-empty string.");
    }

    public static int? OptionalInt(JsonObject body, string name, int min, int max)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out int value) && value >= min && value <= max
            ? value
            : throw GatewayException.InvalidRequest($"{name}: must be an integer from {min} to {max}.");
    }

    public static long? OptionalLong(JsonObject body, string name, long min)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out long value) && value >= min
            ? value
            : throw GatewayException.InvalidRequest($"{name}: must be an integer of at least {min}.");
    }

    public static bool OptionalBool(JsonObject body, string name)
    {
        var node = body[name];
        return node is null ? false
            : node.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw GatewayException.InvalidRequest($"{name}: must be a boolean."),
            };
    }
}
