using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Skills;

namespace Skillgate.Server.SkillRuns;

/// <summary>
/// The Messages body of a skill run as it grows: the runtime's instructions and tools, the caller's input, then each
/// assistant turn and the results of the runtime tools it called.
/// </summary>
internal sealed class SkillRunConversation
{
    private readonly JsonObject _body;
    private readonly JsonArray _messages;

    public SkillRunConversation(PortableSkillRuntime runtime, SkillRunRequest run, string model, int maxTokens)
    {
        _messages = [new JsonObject { ["role"] = "user", ["content"] = run.Input }];
        var tools = new JsonArray();
        foreach (var (name, description, schema) in PortableSkillRuntime.Tools)
        {
            tools.Add(new JsonObject { ["name"] = name, ["description"] = description, ["input_schema"] = JsonNode.Parse(schema.GetRawText()) });
        }

        _body = new JsonObject
        {
            ["model"] = model,
            ["max_tokens"] = maxTokens,
            ["system"] = runtime.BuildInstructions(run.Skill),
            ["tools"] = tools,
            ["messages"] = _messages,
        };
        if (run.Stream)
        {
            _body["stream"] = true;
        }
    }

    public ReadOnlyMemory<byte> Body => Encoding.UTF8.GetBytes(_body.ToJsonString());

    /// <summary>
    /// The runtime tool calls of an assistant turn (<c>{"content": [...], "stop_reason": ...}</c>): empty when the turn
    /// ends the run (no tool use, or a tool the runtime does not run).
    /// </summary>
    public static List<(string Id, string Name, JsonElement Input)> RuntimeCalls(JsonObject turn)
    {
        var calls = new List<(string, string, JsonElement)>();
        foreach (var block in turn["content"] as JsonArray ?? [])
        {
            if (block?["type"]?.GetValue<string>() != "tool_use")
            {
                continue;
            }

            var name = block["name"]?.GetValue<string>();
            if (!PortableSkillRuntime.IsRuntimeTool(name))
            {
                return [];
            }

            calls.Add((block["id"]!.GetValue<string>(), name!, JsonSerializer.SerializeToElement(block["input"] ?? new JsonObject())));
        }

        return calls;
    }

    /// <summary>Appends the assistant turn and the user turn that answers its runtime calls.</summary>
    public void Continue(JsonObject turn, PortableSkillRuntime runtime, List<(string Id, string Name, JsonElement Input)> calls)
    {
        _messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = turn["content"]!.DeepClone() });
        var results = new JsonArray();
        foreach (var (id, name, input) in calls)
        {
            var result = runtime.Invoke(name, input);
            var block = new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = id, ["content"] = result.Content };
            if (result.IsError)
            {
                block["is_error"] = true;
            }

            results.Add(block);
        }

        _messages.Add(new JsonObject { ["role"] = "user", ["content"] = results });
    }
}
