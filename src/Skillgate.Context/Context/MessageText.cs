using System.Text;
using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>
/// The readable text of a stored message: text blocks and tool results; thinking is left out. A field of the wrong
/// type (a log written before appends were checked) reads as nothing instead of throwing.
/// </summary>
internal static class MessageText
{
    public static (string Role, string Text) Read(string messageJson)
    {
        var message = JsonNode.Parse(messageJson) as JsonObject;
        var role = MessageRules.String(message?["role"]) ?? string.Empty;
        var sb = new StringBuilder();
        Append(sb, message?["content"]);
        return (role, sb.ToString());
    }

    private static void Append(StringBuilder sb, JsonNode? content)
    {
        if (content is JsonValue value && value.TryGetValue<string>(out var text))
        {
            sb.Append(text).Append('\n');
            return;
        }

        if (content is not JsonArray blocks)
        {
            return;
        }

        foreach (var block in blocks)
        {
            switch (MessageNormalizer.Type(block))
            {
                case "text":
                    sb.Append(MessageRules.String(block!["text"])).Append('\n');
                    break;
                case "tool_result":
                    Append(sb, block!["content"]);
                    break;
                case "tool_use":
                    sb.Append("[called ").Append(MessageRules.String(block!["name"])).Append(' ')
                      .Append(block["input"]?.ToJsonString()).Append("]\n");
                    break;
            }
        }
    }
}
