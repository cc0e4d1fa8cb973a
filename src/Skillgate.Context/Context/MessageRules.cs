using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>
/// What a stored message's content must look like, shared by the library's append, the gateway's turn check and the
/// view builder (which skips a stored block that breaks these rules instead of failing). A block the builder reads
/// must have its fields in the right JSON type; blocks of one role are refused in the other. Unknown types pass.
/// </summary>
public static class MessageRules
{
    private static readonly HashSet<string> AssistantOnly = new(StringComparer.Ordinal) { "tool_use", "server_tool_use", "thinking", "redacted_thinking" };

    /// <summary>Checks a message's content for its role and returns the <c>tool_use_id</c>s its tool_result blocks answer.</summary>
    /// <param name="content">The content: a string or an array of blocks.</param>
    /// <param name="role"><c>user</c> or <c>assistant</c>.</param>
    /// <param name="requireContent">Whether empty content (or only blank text) is refused too.</param>
    /// <returns>The ids the content's tool_result blocks answer, in order.</returns>
    /// <exception cref="InvalidMessageException">Names the block and field at fault.</exception>
    public static List<string> Validate(JsonNode? content, string role, bool requireContent)
    {
        var answered = new List<string>();
        switch (content?.GetValueKind())
        {
            case JsonValueKind.String:
                if (requireContent && string.IsNullOrWhiteSpace(content.GetValue<string>()))
                {
                    throw Invalid("content: required, a non-empty string (not only whitespace) or a non-empty array of content blocks.");
                }

                return answered;
            case JsonValueKind.Array when content.AsArray().Count > 0 || !requireContent:
                break;
            default:
                throw Invalid("content: required, a non-empty string or a non-empty array of content blocks (each with a type).");
        }

        var blocks = content.AsArray();
        var hasContent = false;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (BlockError(blocks[i], role, i) is { } error)
            {
                throw Invalid(error);
            }

            var block = blocks[i]!;
            switch (block["type"]!.GetValue<string>())
            {
                case "text":
                    hasContent |= !string.IsNullOrWhiteSpace(block["text"]!.GetValue<string>());
                    break;
                case "tool_result":
                    answered.Add(block["tool_use_id"]!.GetValue<string>());
                    hasContent = true;
                    break;
                default:
                    hasContent = true;
                    break;
            }
        }

        return hasContent || !requireContent ? answered : throw Invalid("content: the turn has only empty text; send some text.");
    }

    /// <summary>
    /// What is wrong with one block of a message of the given role (<see langword="null"/> for system blocks: only the
    /// shape and text are checked), or <see langword="null"/> when the block is fine.
    /// </summary>
    internal static string? BlockError(JsonNode? node, string? role, int index)
    {
        if (node is not JsonObject block || String(block["type"]) is not { } type)
        {
            return $"content.{index}: must be a content block object with a string type.";
        }

        if (role == "user" && AssistantOnly.Contains(type))
        {
            return $"content.{index}: a '{type}' block belongs to an assistant turn; a turn appended here is the user's.";
        }

        if (role == "assistant" && type == "tool_result")
        {
            return $"content.{index}: a 'tool_result' block belongs to a user turn (it answers the assistant's tool_use).";
        }

        return type switch
        {
            "text" => NeedString(block, "text", index, type),
            "tool_result" when role is not null => NeedString(block, "tool_use_id", index, type) ?? ToolResultError(block, index),
            "image" or "document" when block["source"] is not JsonObject => $"content.{index}.source: an {type} block needs a source object.",
            "tool_use" => NeedString(block, "id", index, type) ?? NeedString(block, "name", index, type)
                ?? (block["input"] is null or JsonObject ? null : $"content.{index}.input: a tool_use block's input must be an object."),
            "server_tool_use" => NeedString(block, "id", index, type),
            "thinking" => NeedString(block, "thinking", index, type)
                ?? (block["signature"] is null || String(block["signature"]) is not null ? null : $"content.{index}.signature: a thinking block's signature must be a string."),
            "redacted_thinking" => NeedString(block, "data", index, type),
            _ => null,
        };
    }

    /// <summary>Every tool_result must answer a tool_use of the conversation's last assistant turn.</summary>
    /// <param name="answered">The <c>tool_use_id</c>s a user turn answers (from <see cref="Validate"/>).</param>
    /// <param name="entries">The conversation's log so far.</param>
    /// <exception cref="InvalidMessageException">Names the unknown id.</exception>
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
                || String(message["role"]) != "assistant")
            {
                continue;
            }

            foreach (var block in message["content"] as JsonArray ?? [])
            {
                if (String(block?["type"]) == "tool_use" && String(block!["id"]) is { } id)
                {
                    pending.Add(id);
                }
            }

            break;
        }

        foreach (var id in answered.Where(id => !pending.Contains(id)))
        {
            throw Invalid($"content: tool_result for '{Shorten(id)}' answers no tool_use of the conversation's last assistant turn.");
        }
    }

    /// <summary>The node's string, or <see langword="null"/> when it is missing or not a JSON string (never throws).</summary>
    internal static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string? ToolResultError(JsonObject block, int index)
    {
        var inner = block["content"];
        if (inner is not null && inner.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Array))
        {
            return $"content.{index}.content: a tool_result's content must be a string or an array of content blocks.";
        }

        if (inner is JsonArray parts)
        {
            for (var j = 0; j < parts.Count; j++)
            {
                if (parts[j] is not JsonObject part || String(part["type"]) is not { } type)
                {
                    return $"content.{index}.content.{j}: must be a content block object with a string type.";
                }

                if (type == "text" && NeedString(part, "text", j, type) is { } error)
                {
                    return $"content.{index}.{error}";
                }
            }
        }

        return block["is_error"] is { } isError && isError.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)
            ? $"content.{index}.is_error: must be a boolean."
            : null;
    }

    private static string? NeedString(JsonObject block, string field, int index, string type) =>
        String(block[field]) is null ? $"content.{index}.{field}: a {type} block needs a string {field}." : null;

    private static string Shorten(string id) => id.Length <= 80 ? id : id[..80] + "...";

    private static InvalidMessageException Invalid(string message) => new(message);
}
