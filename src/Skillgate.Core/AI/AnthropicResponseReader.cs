using System.Text.Json;
using Microsoft.Extensions.AI;
using Skillgate.Protocol;

namespace Skillgate.AI;

/// <summary>Maps Messages API wire types (<see cref="Skillgate.Protocol"/>) to <see cref="Microsoft.Extensions.AI"/> types.</summary>
internal static class AnthropicResponseReader
{
    public static ChatResponse Read(ReadOnlyMemory<byte> body)
    {
        var message = JsonSerializer.Deserialize(body.Span, ProtocolJsonContext.Default.Message)
            ?? throw new JsonException("The upstream answered with an empty body.");
        var contents = message.Content.Select(ToContent).OfType<AIContent>().ToList();
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = message.Id })
        {
            ResponseId = message.Id,
            ModelId = message.Model,
            FinishReason = MapStopReason(message.StopReason),
            Usage = ToUsage(message.Usage),
            RawRepresentation = message,
        };
    }

    public static AIContent? ToContent(ContentBlock block) => block switch
    {
        TextBlock text => new TextContent(text.Text) { RawRepresentation = text },
        ThinkingBlock thinking => new TextReasoningContent(thinking.Thinking) { ProtectedData = thinking.Signature, RawRepresentation = thinking },
        ToolUseBlock tool => new FunctionCallContent(tool.Id, tool.Name, ReadArguments(tool.Input)) { RawRepresentation = tool },
        _ => null,
    };

    public static IDictionary<string, object?>? ReadArguments(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object
            ? (IDictionary<string, object?>?)input.Deserialize(AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Dictionary<string, object?>)))
            : null;

    public static UsageDetails ToUsage(Usage usage)
    {
        long input = usage.TotalInputTokens;
        long output = usage.OutputTokens;
        return new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = input + output,
            CachedInputTokenCount = usage.CacheReadInputTokens,
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
}
