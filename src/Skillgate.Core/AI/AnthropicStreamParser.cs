using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Skillgate.AI;

/// <summary>Turns the SSE bytes of a Messages stream into <see cref="ChatResponseUpdate"/>s.</summary>
internal sealed class AnthropicStreamParser
{
    private readonly Dictionary<int, ToolBlock> _tools = [];
    private string? _messageId;
    private string? _model;

    /// <summary>The error type and message of an <c>event: error</c>, once one was seen.</summary>
    public (string Type, string Message)? Error { get; private set; }

    /// <summary>Parses a run of complete events, appending the updates they produce.</summary>
    public void Parse(ReadOnlySpan<byte> run, List<ChatResponseUpdate> updates)
    {
        while (!run.IsEmpty)
        {
            var end = IndexOfEventEnd(run, out var delimiter);
            var sseEvent = end < 0 ? run : run[..end];
            run = end < 0 ? default : run[(end + delimiter)..];
            if (DataOf(sseEvent) is { IsEmpty: false } data)
            {
                ParseData(data, updates);
            }
        }
    }

    private void ParseData(ReadOnlySpan<byte> data, List<ChatResponseUpdate> updates)
    {
        using var document = JsonDocument.Parse(data.ToArray());
        var root = document.RootElement;
        switch (AnthropicResponseReader.GetString(root, "type"))
        {
            case "message_start" when root.TryGetProperty("message", out var message):
                _messageId = AnthropicResponseReader.GetString(message, "id");
                _model = AnthropicResponseReader.GetString(message, "model");
                if (message.TryGetProperty("usage", out var startUsage))
                {
                    updates.Add(Update([new UsageContent(AnthropicResponseReader.ReadUsage(startUsage))]));
                }

                break;
            case "content_block_start" when root.TryGetProperty("content_block", out var block):
                if (AnthropicResponseReader.GetString(block, "type") == "tool_use")
                {
                    _tools[Index(root)] = new ToolBlock(AnthropicResponseReader.GetString(block, "id") ?? string.Empty, AnthropicResponseReader.GetString(block, "name") ?? string.Empty);
                }
                else if (AnthropicResponseReader.ReadBlock(block) is TextContent { Text.Length: > 0 } text)
                {
                    updates.Add(Update([text]));
                }

                break;
            case "content_block_delta" when root.TryGetProperty("delta", out var delta):
                switch (AnthropicResponseReader.GetString(delta, "type"))
                {
                    case "text_delta":
                        updates.Add(Update([new TextContent(AnthropicResponseReader.GetString(delta, "text"))]));
                        break;
                    case "thinking_delta":
                        updates.Add(Update([new TextReasoningContent(AnthropicResponseReader.GetString(delta, "thinking"))]));
                        break;
                    case "input_json_delta" when _tools.TryGetValue(Index(root), out var tool):
                        tool.Json.Append(AnthropicResponseReader.GetString(delta, "partial_json"));
                        break;
                }

                break;
            case "content_block_stop" when _tools.Remove(Index(root), out var finished):
                updates.Add(Update([new FunctionCallContent(finished.Id, finished.Name, ParseArguments(finished.Json.ToString()))]));
                break;
            case "message_delta":
                var update = Update([]);
                if (root.TryGetProperty("delta", out var messageDelta))
                {
                    update.FinishReason = AnthropicResponseReader.MapStopReason(AnthropicResponseReader.GetString(messageDelta, "stop_reason"));
                }

                if (root.TryGetProperty("usage", out var usage))
                {
                    update.Contents.Add(new UsageContent(new UsageDetails { OutputTokenCount = usage.TryGetProperty("output_tokens", out var o) && o.TryGetInt64(out var n) ? n : 0 }));
                }

                updates.Add(update);
                break;
            case "error" when root.TryGetProperty("error", out var error):
                Error = (AnthropicResponseReader.GetString(error, "type") ?? "api_error", AnthropicResponseReader.GetString(error, "message") ?? "Upstream stream error.");
                break;
        }
    }

    private ChatResponseUpdate Update(IList<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        ResponseId = _messageId,
        MessageId = _messageId,
        ModelId = _model,
    };

    private static IDictionary<string, object?>? ParseArguments(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new Dictionary<string, object?>();
        }

        using var document = JsonDocument.Parse(json);
        return AnthropicResponseReader.ReadArguments(document.RootElement);
    }

    private static int Index(JsonElement root) => root.TryGetProperty("index", out var index) && index.TryGetInt32(out var value) ? value : 0;

    private static int IndexOfEventEnd(ReadOnlySpan<byte> span, out int delimiter)
    {
        var lf = span.IndexOf("\n\n"u8);
        var crlf = span.IndexOf("\r\n\r\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            delimiter = 4;
            return crlf;
        }

        delimiter = 2;
        return lf;
    }

    private static ReadOnlySpan<byte> DataOf(ReadOnlySpan<byte> sseEvent)
    {
        while (!sseEvent.IsEmpty)
        {
            var newline = sseEvent.IndexOf((byte)'\n');
            var line = newline < 0 ? sseEvent : sseEvent[..newline];
            sseEvent = newline < 0 ? default : sseEvent[(newline + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (line.StartsWith("data:"u8))
            {
                return line[5..].TrimStart((byte)' ');
            }
        }

        return default;
    }

    private sealed class ToolBlock(string id, string name)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public StringBuilder Json { get; } = new();
    }
}
