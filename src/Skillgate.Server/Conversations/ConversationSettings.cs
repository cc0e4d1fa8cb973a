using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Server.Conversations;

/// <summary>What a conversation was created with; the first entry of its log (<c>ConversationEntryKind.Settings</c>).</summary>
internal sealed record ConversationSettings(string Model, JsonNode? System, int ContextWindow, int? MaxTokens)
{
    public string ToJson()
    {
        var json = new JsonObject { ["model"] = Model, ["context_window"] = ContextWindow };
        if (System is not null)
        {
            json["system"] = System.DeepClone();
        }

        if (MaxTokens is { } maxTokens)
        {
            json["max_tokens"] = maxTokens;
        }

        return json.ToJsonString();
    }

    public static ConversationSettings FromJson(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        return new ConversationSettings(
            node["model"]!.GetValue<string>(),
            node["system"]?.DeepClone(),
            node["context_window"]!.GetValue<int>(),
            node["max_tokens"]?.GetValue<int>());
    }

    /// <summary>Reads a create request: <c>{"model"?, "system"?, "context_window"?, "max_tokens"?}</c>.</summary>
    /// <exception cref="Errors.GatewayException">A field has the wrong type or range.</exception>
    public static ConversationSettings FromRequest(JsonObject body, Hosting.GatewayConversationOptions defaults)
    {
        var model = RequestFields.OptionalString(body, "model") ?? defaults.DefaultModel;
        var system = body["system"];
        // Settings are fixed for the conversation's life: a system prompt the API refuses would fail every turn.
        if (system is not null && !IsSystemPrompt(system))
        {
            throw Errors.GatewayException.InvalidRequest("system: must be a string or an array of text blocks, each with type text and a string text.");
        }

        var window = RequestFields.OptionalInt(body, "context_window", 1024, 10_000_000) ?? defaults.DefaultContextWindow;
        var maxTokens = RequestFields.OptionalInt(body, "max_tokens", 1, window - 512);
        return new ConversationSettings(model, system?.DeepClone(), window, maxTokens);
    }

    private static bool IsSystemPrompt(JsonNode system) => system.GetValueKind() switch
    {
        JsonValueKind.String => true,
        JsonValueKind.Array => system.AsArray().All(b => b is JsonObject block
            && block["type"]?.GetValueKind() == JsonValueKind.String && block["type"]!.GetValue<string>() == "text"
            && block["text"]?.GetValueKind() == JsonValueKind.String),
        _ => false,
    };
}
