using System.Text;
using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Simulator.Faults;

namespace Skillgate.Simulator.Skills;

/// <summary>What a message request asks of code execution: the <c>container</c> (an id string, or
/// <c>{id?, skills?}</c>), whether <c>tools</c> has a code-execution tool, the directives of the last user message and
/// how many assistant turns follow it (a client continuing after <c>pause_turn</c>).</summary>
internal sealed class ContainerCall
{
    /// <summary>The published limit on <c>container.skills</c>.</summary>
    public const int MaxSkills = 8;

    public string? ContainerId { get; private init; }

    /// <summary>The skills as sent; null when the request names none (a reused container keeps its own).</summary>
    public IReadOnlyList<SkillReference>? Skills { get; private init; }

    public bool HasCodeExecutionTool { get; private init; }

    public Directives Directives { get; private init; }

    /// <summary>Assistant messages after the last user message: 0 on a new turn, 1 after one <c>pause_turn</c>, and so on.</summary>
    public int Continuations { get; private init; }

    /// <summary>The text of the last user message without directives, for the simulated run's output.</summary>
    public string UserText { get; private init; } = "";

    /// <summary>True when the request may use a container (a cheap byte search; <see cref="Parse"/> decides).</summary>
    public static bool Applies(ReadOnlySpan<byte> body) =>
        body.IndexOf("\"container\""u8) >= 0 || body.IndexOf("\"code_execution_"u8) >= 0;

    /// <summary>The call, null when the request has neither a container nor a code-execution tool, or a 400.</summary>
    public static (ContainerCall? Call, AnthropicError? Error) Parse(ReadOnlySpan<byte> body)
    {
        using var doc = JsonDocument.Parse(body.ToArray());
        var root = doc.RootElement;
        var hasTool = root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array
            && tools.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString()!.StartsWith("code_execution_", StringComparison.Ordinal));
        string? id = null;
        List<SkillReference>? skills = null;
        if (root.TryGetProperty("container", out var container))
        {
            switch (container.ValueKind)
            {
                case JsonValueKind.String:
                    id = container.GetString();
                    break;
                case JsonValueKind.Object:
                    if (container.TryGetProperty("id", out var idElement) && idElement.ValueKind is not JsonValueKind.Null)
                    {
                        if (idElement.ValueKind != JsonValueKind.String)
                        {
                            return (null, AnthropicError.InvalidRequest("container.id: Input should be a valid string"));
                        }

                        id = idElement.GetString();
                    }

                    if (container.TryGetProperty("skills", out var list) && list.ValueKind is not JsonValueKind.Null)
                    {
                        var (parsed, error) = ParseSkills(list);
                        if (error is not null)
                        {
                            return (null, AnthropicError.InvalidRequest(error));
                        }

                        skills = parsed;
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    return (null, AnthropicError.InvalidRequest("container: Input should be a valid string or a valid dictionary"));
            }
        }

        if (skills is { Count: > 0 } && !hasTool)
        {
            return (null, AnthropicError.InvalidRequest(
                "container.skills requires the code execution tool: add {\"type\": \"code_execution_20250825\", \"name\": \"code_execution\"} to tools."));
        }

        if (id is null && skills is null && !hasTool)
        {
            return (null, null);
        }

        var (lastUser, continuations) = LastUserMessage(root);
        return (new ContainerCall
        {
            ContainerId = id,
            Skills = skills,
            HasCodeExecutionTool = hasTool,
            Directives = lastUser is null ? default : Directives.Parse(Encoding.UTF8.GetBytes(lastUser.Value.GetRawText())),
            Continuations = continuations,
            UserText = lastUser is null ? "" : TextOf(lastUser.Value),
        }, null);
    }

    private static (List<SkillReference>? Skills, string? Error) ParseSkills(JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return (null, "container.skills: Input should be a valid list");
        }

        var count = list.GetArrayLength();
        if (count > MaxSkills)
        {
            return (null, $"container.skills: List should have at most {MaxSkills} items after validation, not {count}");
        }

        var skills = new List<SkillReference>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = $"container.skills.{index++}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                return (null, at + ": Input should be a valid dictionary");
            }

            var type = String(item, "type");
            if (type is not (StoredSkill.Anthropic or StoredSkill.Custom))
            {
                return (null, at + ".type: Input should be 'anthropic' or 'custom'");
            }

            if (String(item, "skill_id") is not { Length: > 0 } skillId)
            {
                return (null, at + ".skill_id: Field required");
            }

            if (skills.Any(s => s.SkillId == skillId))
            {
                return (null, $"container.skills: skill_id '{skillId}' appears more than once");
            }

            skills.Add(new SkillReference(type, skillId, String(item, "version")));
        }

        return (skills, null);
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static (JsonElement? LastUser, int Continuations) LastUserMessage(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return (null, 0);
        }

        JsonElement? lastUser = null;
        var after = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (String(message, "role") == "user")
            {
                lastUser = message;
                after = 0;
            }
            else
            {
                after++;
            }
        }

        return (lastUser, after);
    }

    private static string TextOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return "";
        }

        var text = content.ValueKind == JsonValueKind.String ? content.GetString()
            : content.ValueKind == JsonValueKind.Array
                ? string.Join(" ", content.EnumerateArray().Select(b => String(b, "text")).Where(t => t is not null))
                : null;
        var bytes = Encoding.UTF8.GetBytes(text ?? "");
        var written = Directives.Strip(bytes, bytes);
        var clean = Encoding.UTF8.GetString(bytes, 0, written).Trim();
        return clean.Length > 200 ? clean[..200] : clean;
    }
}
