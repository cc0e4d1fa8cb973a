using System.Text;
using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>The readable text of a stored message: text blocks and tool results; thinking is left out.</summary>
internal static class MessageText
{
    public static (string Role, string Text) Read(string messageJson)
    {
        var message = JsonNode.Parse(messageJson) as JsonObject;
        var role = message?["role"]?.GetValue<string>() ?? string.Empty;
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
                    sb.Append(block!["text"]?.GetValue<string>()).Append('\n');
                    break;
                case "tool_result":
                    Append(sb, block!["content"]);
                    break;
                case "tool_use":
                    sb.Append("[called ").Append(block!["name"]?.GetValue<string>()).Append(' ')
                      .Append(block["input"]?.ToJsonString()).Append("]\n");
                    break;
            }
        }
    }
}
