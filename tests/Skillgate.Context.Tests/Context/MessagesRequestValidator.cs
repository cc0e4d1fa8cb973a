using System.Text.Json.Nodes;

namespace Skillgate.Core.Tests.Context;

/// <summary>Checks the Messages API's structural rules on a request body; returns the first violation.</summary>
internal static class MessagesRequestValidator
{
    public static string? Validate(string json)
    {
        var request = JsonNode.Parse(json)!.AsObject();
        if (request["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return "no messages";
        }

        var breakpoints = 0;
        if (request["system"] is JsonArray system)
        {
            breakpoints += system.Count(b => b!["cache_control"] is not null);
            if (system.Any(b => b!["type"]!.GetValue<string>() != "text" || string.IsNullOrEmpty(b["text"]?.GetValue<string>())))
            {
                return "bad system block";
            }
        }

        HashSet<string> pending = [];
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i]!.AsObject();
            var role = message["role"]!.GetValue<string>();
            var expectedRole = i % 2 == 0 ? "user" : "assistant";
            if (role != expectedRole)
            {
                return $"message {i}: role {role}, expected {expectedRole}";
            }

            if (message["content"] is not JsonArray content || content.Count == 0)
            {
                return $"message {i}: empty content";
            }

            breakpoints += content.Count(b => b!["cache_control"] is not null);
            if (role == "user")
            {
                var seenOther = false;
                foreach (var block in content)
                {
                    var type = block!["type"]!.GetValue<string>();
                    if (type == "tool_result")
                    {
                        if (seenOther)
                        {
                            return $"message {i}: tool_result after other content";
                        }

                        if (!pending.Remove(block["tool_use_id"]!.GetValue<string>()))
                        {
                            return $"message {i}: orphan tool_result {block["tool_use_id"]}";
                        }
                    }
                    else
                    {
                        seenOther = true;
                    }
                }

                if (pending.Count > 0)
                {
                    return $"message {i}: tool_use without result: {string.Join(",", pending)}";
                }
            }
            else
            {
                if (pending.Count > 0)
                {
                    return $"message {i}: unanswered tool_use";
                }

                foreach (var block in content)
                {
                    var type = block!["type"]!.GetValue<string>();
                    if (type == "tool_use" && !pending.Add(block["id"]!.GetValue<string>()))
                    {
                        return $"message {i}: duplicate tool_use id";
                    }

                    if (type == "thinking" && string.IsNullOrEmpty(block["signature"]?.GetValue<string>()))
                    {
                        return $"message {i}: thinking without signature";
                    }

                    if (type is "thinking" or "redacted_thinking" && block["cache_control"] is not null)
                    {
                        return $"message {i}: cache_control on thinking";
                    }
                }
            }

            if (content.Any(b => b!["type"]!.GetValue<string>() == "text" && string.IsNullOrWhiteSpace(b["text"]?.GetValue<string>())))
            {
                return $"message {i}: empty text block";
            }
        }

        if (pending.Count > 0)
        {
            return "last assistant tool_use has no result";
        }

        return breakpoints > 4 ? $"{breakpoints} cache breakpoints (max 4)" : null;
    }
}
