using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Skillgate.AI;

/// <summary>Reads a Messages API response body (non-streaming) into a <see cref="ChatResponse"/>.</summary>
internal static class AnthropicResponseReader
{
    public static ChatResponse Read(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var contents = new List<AIContent>();
        if (root.TryGetProperty("content", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in blocks.EnumerateArray())
            {
                if (ReadBlock(block) is { } content)
                {
                    contents.Add(content);
                }
            }
        }

        var message = new ChatMessage(ChatRole.Assistant, contents) { MessageId = GetString(root, "id") };
        return new ChatResponse(message)
        {
            ResponseId = GetString(root, "id"),
            ModelId = GetString(root, "model"),
            FinishReason = MapStopReason(GetString(root, "stop_reason")),
            Usage = root.TryGetProperty("usage", out var usage) ? ReadUsage(usage) : null,
        };
    }

    public static AIContent? ReadBlock(JsonElement block) => GetString(block, "type") switch
    {
        "text" => new TextContent(GetString(block, "text")),
        "thinking" => new TextReasoningContent(GetString(block, "thinking")),
        "tool_use" => new FunctionCallContent(
            GetString(block, "id") ?? string.Empty,
            GetString(block, "name") ?? string.Empty,
            block.TryGetProperty("input", out var input) ? ReadArguments(input) : null),
        _ => null,
    };

    public static IDictionary<string, object?>? ReadArguments(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object
            ? (IDictionary<string, object?>?)input.Deserialize(AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Dictionary<string, object?>)))
            : null;

    public static UsageDetails ReadUsage(JsonElement usage)
    {
        long Get(string name) => usage.TryGetProperty(name, out var value) && value.TryGetInt64(out var number) ? number : 0;
        var input = Get("input_tokens") + Get("cache_creation_input_tokens") + Get("cache_read_input_tokens");
        var output = Get("output_tokens");
        return new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = input + output,
            CachedInputTokenCount = Get("cache_read_input_tokens"),
        };
    }

    public static ChatFinishReason? MapStopReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" or "pause_turn" => ChatFinishReason.Stop,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        var other => new ChatFinishReason(other),
    };

    public static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
