using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Server.Errors;

namespace Skillgate.Server.Conversations;

/// <summary>Reads the few typed fields of a conversation request, answering 400 with the field's name when one is wrong.</summary>
internal static class RequestFields
{
    /// <summary>Parses a JSON object body; an empty body is an empty object.</summary>
    public static JsonObject ParseObject(byte[] body)
    {
        if (body.Length == 0)
        {
            return [];
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw GatewayException.InvalidRequest("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw GatewayException.InvalidRequest($"The request body is not valid JSON: {e.Message}");
        }
    }

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
