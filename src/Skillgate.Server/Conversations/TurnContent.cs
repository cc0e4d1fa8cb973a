using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Server.Errors;

namespace Skillgate.Server.Conversations;

/// <summary>
/// Checks a user turn's content before it is stored. A stored turn is in every later view, so a block the builder
/// cannot read (a number where text belongs) or the API refuses (a tool_use in a user turn) would break the
/// conversation for good; it is refused with a 400 instead. Unknown block types pass (the API may know them).
/// </summary>
internal static class TurnContent
{
    private static readonly HashSet<string> AssistantOnly = new(StringComparer.Ordinal) { "tool_use", "server_tool_use", "thinking", "redacted_thinking" };

    /// <summary>Returns the <c>tool_use_id</c>s the turn's tool_result blocks answer.</summary>
    /// <exception cref="GatewayException">400 naming the block and field at fault.</exception>
    public static List<string> Validate(JsonNode? content)
    {
        var answered = new List<string>();
        switch (content?.GetValueKind())
        {
            case JsonValueKind.String:
                if (string.IsNullOrWhiteSpace(content.GetValue<string>()))
                {
                    throw Invalid("content: required, a non-empty string (not only whitespace) or a non-empty array of content blocks.");
                }

                return answered;
            case JsonValueKind.Array when content.AsArray().Count > 0:
                break;
            default:
                throw Invalid("content: required, a non-empty string or a non-empty array of content blocks (each with a type).");
        }

        var blocks = content.AsArray();
        var hasContent = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is not JsonObject block || block["type"] is not { } typeNode || typeNode.GetValueKind() != JsonValueKind.String)
            {
                throw Invalid($"content.{i}: must be a content block object with a string type.");
            }

            var type = typeNode.GetValue<string>();
            if (AssistantOnly.Contains(type))
            {
                throw Invalid($"content.{i}: a '{type}' block belongs to an assistant turn; a turn appended here is the user's.");
            }

            switch (type)
            {
                case "text":
                    RequireString(block, "text", i, type);
                    hasContent |= !string.IsNullOrWhiteSpace(block["text"]!.GetValue<string>());
                    break;
                case "tool_result":
                    answered.Add(RequireString(block, "tool_use_id", i, type));
                    CheckToolResult(block, i);
                    hasContent = true;
                    break;
                case "image" or "document":
                    if (block["source"] is not JsonObject)
                    {
                        throw Invalid($"content.{i}.source: an {type} block needs a source object.");
                    }

                    hasContent = true;
                    break;
                default:
                    hasContent = true;
                    break;
            }
        }

        return hasContent ? answered : throw Invalid("content: the turn has only empty text; send some text.");
    }

    /// <summary>Every tool_result must answer a tool_use of the conversation's last assistant turn.</summary>
    /// <exception cref="GatewayException">400 naming the unknown id.</exception>
    public static void CheckAnswers(IReadOnlyList<string> answered, IReadOnlyList<ConversationEntry> entries)
    {
        if (answered.Count == 0)
        {
            return;
        }

        var pending = new HashSet<string>(StringComparer.Ordinal);
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Kind != ConversationEntryKind.Message || JsonNode.Parse(entries[i].Json) is not JsonObject message
                || message["role"]?.GetValueKind() != JsonValueKind.String || message["role"]!.GetValue<string>() != "assistant")
            {
                continue;
            }

            foreach (var block in message["content"] as JsonArray ?? [])
            {
                if (block?["type"]?.GetValueKind() == JsonValueKind.String && block["type"]!.GetValue<string>() == "tool_use"
                    && block["id"]?.GetValueKind() == JsonValueKind.String)
                {
                    pending.Add(block["id"]!.GetValue<string>());
                }
            }

            break;
        }

        foreach (var id in answered.Where(id => !pending.Contains(id)))
        {
            throw Invalid($"content: tool_result for '{Shorten(id)}' answers no tool_use of the conversation's last assistant turn.");
        }
    }

    private static void CheckToolResult(JsonObject block, int index)
    {
        var inner = block["content"];
        if (inner is not null && inner.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Array))
        {
            throw Invalid($"content.{index}.content: a tool_result's content must be a string or an array of content blocks.");
        }

        if (inner is JsonArray parts)
        {
            for (var j = 0; j < parts.Count; j++)
            {
                if (parts[j] is not JsonObject part || part["type"]?.GetValueKind() != JsonValueKind.String)
                {
                    throw Invalid($"content.{index}.content.{j}: must be a content block object with a string type.");
                }

                if (part["type"]!.GetValue<string>() == "text")
                {
                    RequireString(part, "text", j, "text");
                }
            }
        }

        if (block["is_error"] is { } isError && isError.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Invalid($"content.{index}.is_error: must be a boolean.");
        }
    }

    private static string RequireString(JsonObject block, string field, int index, string type) =>
        block[field] is { } node && node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw Invalid($"content.{index}.{field}: a {type} block needs a string {field}.");

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "...";

    private static GatewayException Invalid(string message) => GatewayException.InvalidRequest(message);
}
