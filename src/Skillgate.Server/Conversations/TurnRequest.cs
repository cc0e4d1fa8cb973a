using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Server.Errors;

namespace Skillgate.Server.Conversations;

/// <summary>
/// A turn: <c>{"content": string | blocks, "stream"?, "max_tokens"?, "expected_version"?, "model"?, ...}</c>.
/// Other fields (temperature, tools, thinking, metadata...) go into the upstream request unchanged.
/// </summary>
internal sealed record TurnRequest(string UserMessageJson, bool Stream, int MaxTokens, long? ExpectedVersion, string Model, JsonObject Template, IReadOnlyList<string> Answers)
{
    private static readonly HashSet<string> Own = new(StringComparer.Ordinal) { "content", "role", "stream", "expected_version", "max_tokens", "model" };

    /// <exception cref="GatewayException">400 naming the field at fault.</exception>
    public static TurnRequest Parse(JsonObject body, ConversationSettings settings, int defaultMaxTokens)
    {
        if (body.ContainsKey("messages") || body.ContainsKey("system"))
        {
            throw GatewayException.InvalidRequest("messages and system come from the conversation; send the new user turn as content.");
        }

        if (body["role"] is { } role && (role.GetValueKind() != JsonValueKind.String || role.GetValue<string>() != "user"))
        {
            throw GatewayException.InvalidRequest("role: a turn appended through this endpoint is a 'user' turn.");
        }

        var content = body["content"];
        var answers = TurnContent.Validate(content);

        var maxWindow = settings.ContextWindow - 512;
        var maxTokens = RequestFields.OptionalInt(body, "max_tokens", 1, maxWindow) ?? settings.MaxTokens ?? Math.Min(defaultMaxTokens, maxWindow);
        var model = RequestFields.OptionalString(body, "model") ?? settings.Model;
        var stream = RequestFields.OptionalBool(body, "stream");
        var expected = RequestFields.OptionalLong(body, "expected_version", 1);

        var template = new JsonObject { ["model"] = model, ["max_tokens"] = maxTokens };
        if (settings.System is not null)
        {
            template["system"] = settings.System.DeepClone();
        }

        foreach (var (name, value) in body)
        {
            if (!Own.Contains(name))
            {
                template[name] = value?.DeepClone();
            }
        }

        if (stream)
        {
            template["stream"] = true;
        }

        var user = new JsonObject { ["role"] = "user", ["content"] = content!.DeepClone() }.ToJsonString();
        return new TurnRequest(user, stream, maxTokens, expected, model, template, answers);
    }
}
