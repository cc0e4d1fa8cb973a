using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>
/// Repairs a history into what the Messages API accepts: first message from the user, roles alternating, every
/// tool_use answered by a tool_result at the start of the next user message, no orphan tool_result, no empty
/// message. Interrupted tool calls get an error result; assistant blocks (thinking with signatures) are never edited.
/// A stored block that breaks <see cref="MessageRules"/> (a log written before appends were checked) is skipped and
/// counted, as is a message without a valid role: a bad entry never makes every later view throw.
/// </summary>
internal static class MessageNormalizer
{
    public const string MissingResultText = "No result was recorded for this tool call (it was interrupted).";

    public static List<JsonObject> Normalize(IEnumerable<JsonObject> messages) => Normalize(messages, out _);

    /// <summary>Normalizes, and counts the stored blocks (and role-less messages) skipped as unreadable.</summary>
    public static List<JsonObject> Normalize(IEnumerable<JsonObject> messages, out int skipped)
    {
        var output = new List<JsonObject>();
        skipped = 0;
        foreach (var source in messages)
        {
            skipped += Add(output, source);
        }

        if (output.Count > 0 && PendingToolUses(output[^1]).Count > 0)
        {
            AddUser(output, []);
        }

        return output;
    }

    /// <summary>
    /// One step of <see cref="Normalize(IEnumerable{JsonObject})"/>: merges the message into the output or appends it. Reads and changes only
    /// the output's last message, so a caller can keep just that one between steps.
    /// </summary>
    /// <returns>The blocks skipped as unreadable (1 for a message without a valid role).</returns>
    public static int Add(List<JsonObject> output, JsonObject source)
    {
        var role = MessageRules.String(source["role"]);
        if (role is not ("user" or "assistant"))
        {
            return 1;
        }

        var blocks = Blocks(source["content"], role, out var skipped);
        if (role == "user")
        {
            AddUser(output, blocks);
        }
        else if (role == "assistant")
        {
            AddAssistant(output, blocks);
        }

        return skipped;
    }

    /// <summary>System blocks: only their shape and text fields are checked; a bad one is left out.</summary>
    public static JsonArray Blocks(JsonNode? content) => Blocks(content, null, out _);

    private static JsonArray Blocks(JsonNode? content, string? role, out int skipped)
    {
        skipped = 0;
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text.Length == 0 ? [] : [new JsonObject { ["type"] = "text", ["text"] = text }];
        }

        var blocks = new JsonArray();
        if (content is not JsonArray array)
        {
            skipped = content is null ? 0 : 1;
            return blocks;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (MessageRules.BlockError(array[i], role, i) is not null)
            {
                skipped++;
            }
            else if (array[i] is JsonObject obj && !IsEmptyText(obj))
            {
                var clone = (JsonObject)obj.DeepClone();
                clone.Remove("cache_control");
                blocks.Add(clone);
            }
        }

        return blocks;
    }

    public static string? Type(JsonNode? block) => MessageRules.String(block?["type"]);

    public static List<string> PendingToolUses(JsonObject message)
    {
        var ids = new List<string>();
        if (MessageRules.String(message["role"]) == "assistant" && message["content"] is JsonArray blocks)
        {
            foreach (var block in blocks)
            {
                if (Type(block) == "tool_use" && MessageRules.String(block!["id"]) is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private static bool IsEmptyText(JsonObject block) =>
        Type(block) == "text" && string.IsNullOrWhiteSpace(MessageRules.String(block["text"]));

    private static void AddUser(List<JsonObject> output, JsonArray blocks)
    {
        var expected = output.Count > 0 ? PendingToolUses(output[^1]) : [];
        if (output.Count > 0 && output[^1]["role"]!.GetValue<string>() == "user")
        {
            // Two user messages in a row: the second one's results have no tool_use right before them.
            var previous = (JsonArray)output[^1]["content"]!;
            foreach (var block in blocks.Where(b => Type(b) != "tool_result").ToList())
            {
                blocks.Remove(block);
                previous.Add(block);
            }

            return;
        }

        var results = new JsonArray();
        var others = new JsonArray();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks.ToList())
        {
            blocks.Remove(block);
            if (Type(block) != "tool_result")
            {
                others.Add(block);
            }
            else if (MessageRules.String(block!["tool_use_id"]) is { } id && expected.Contains(id) && answered.Add(id))
            {
                results.Add(block);
            }
        }

        foreach (var id in expected.Where(id => !answered.Contains(id)))
        {
            results.Add(new JsonObject
            {
                ["type"] = "tool_result",
                ["tool_use_id"] = id,
                ["is_error"] = true,
                ["content"] = MissingResultText,
            });
        }

        foreach (var block in others.ToList())
        {
            others.Remove(block);
            results.Add(block);
        }

        if (results.Count > 0)
        {
            output.Add(new JsonObject { ["role"] = "user", ["content"] = results });
        }
    }

    private static void AddAssistant(List<JsonObject> output, JsonArray blocks)
    {
        if (blocks.Count == 0 || output.Count == 0)
        {
            // A reply before any user turn has nothing to answer; its tool calls go with it.
            return;
        }

        var last = output[^1];
        if (last["role"]!.GetValue<string>() == "assistant")
        {
            if (PendingToolUses(last).Count > 0)
            {
                AddUser(output, []);
            }
            else
            {
                var previous = (JsonArray)last["content"]!;
                foreach (var block in blocks.ToList())
                {
                    blocks.Remove(block);
                    previous.Add(block);
                }

                return;
            }
        }

        output.Add(new JsonObject { ["role"] = "assistant", ["content"] = blocks });
    }
}
