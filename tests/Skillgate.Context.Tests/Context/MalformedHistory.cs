using System.Text.Json.Nodes;

namespace Skillgate.Core.Tests.Context;

/// <summary>
/// Corrupts a random history the way an unchecked log could be: blocks with fields of the wrong JSON type, blocks of
/// the other role, messages without a valid role or with unreadable content. Each injected fault is one the view
/// builder must skip exactly once.
/// </summary>
internal static class MalformedHistory
{
    private static readonly string[] AnyRole =
    [
        """{"type":"text","text":5}""",
        """{"type":"text"}""",
        """{"type":"text","text":{"a":1}}""",
        "5",
        "\"loose string\"",
        "null",
        """{"type":7}""",
        """{"text":"no type"}""",
        """{"type":"tool_result","tool_use_id":5,"content":"x"}""",
        """{"type":"tool_result","tool_use_id":"toolu_0000","content":[{"type":"text","text":1}]}""",
        """{"type":"tool_result","tool_use_id":"toolu_0000","content":3}""",
        """{"type":"tool_use","id":5,"name":"lookup","input":{}}""",
        """{"type":"tool_use","id":"toolu_bad","name":"lookup","input":"not an object"}""",
        """{"type":"thinking","thinking":3,"signature":"sig"}""",
        """{"type":"redacted_thinking","data":null}""",
        """{"type":"image","source":"http://example.com/x.png"}""",
    ];

    private static readonly string[] BadMessages =
    [
        """{"role":5,"content":"hello"}""",
        """{"role":"system","content":"hello"}""",
        """{"content":"no role"}""",
        """{"role":"user","content":5}""",
        """{"role":"assistant","content":{"type":"text","text":"an object, not an array"}}""",
    ];

    /// <summary>Injects faults into <paramref name="messages"/> and returns how many.</summary>
    public static int Corrupt(Random random, List<JsonObject> messages)
    {
        var injected = 0;
        for (var n = random.Next(1, 8); n > 0; n--)
        {
            if (random.Next(4) == 0)
            {
                messages.Insert(random.Next(messages.Count + 1), JsonNode.Parse(BadMessages[random.Next(BadMessages.Length)])!.AsObject());
                injected++;
                continue;
            }

            var message = messages[random.Next(messages.Count)];
            if (message["role"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || message["content"] is not JsonArray content)
            {
                continue;
            }

            var role = message["role"]!.GetValue<string>();
            var fault = random.Next(5) == 0 ? OtherRole(role) : AnyRole[random.Next(AnyRole.Length)];
            content.Insert(random.Next(content.Count + 1), JsonNode.Parse(fault));
            injected++;
        }

        return injected;
    }

    private static string OtherRole(string role) => role == "user"
        ? """{"type":"tool_use","id":"toolu_user","name":"lookup","input":{}}"""
        : """{"type":"tool_result","tool_use_id":"toolu_0000","content":"from the wrong side"}""";
}
