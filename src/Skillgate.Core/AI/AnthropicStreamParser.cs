using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Skillgate.Protocol;
using Skillgate.Upstream;

namespace Skillgate.AI;

/// <summary>
/// Turns the SSE bytes of a Messages stream (runs of whole events) into <see cref="ChatResponseUpdate"/>s. A tool call's
/// input is gathered from its deltas up to <c>maxToolInputChars</c> (default <see cref="SseLimits.MaxEventBytes"/>; a real
/// one is bounded by <c>max_tokens</c>, far below), so an upstream cannot grow it without bound.
/// </summary>
internal sealed class AnthropicStreamParser(int maxToolInputChars = SseLimits.MaxEventBytes)
{
    private readonly Dictionary<int, (string Id, string Name, StringBuilder Json)> _tools = [];
    private string? _messageId;
    private string? _model;

    /// <summary>The error of an <c>event: error</c>, once one was seen.</summary>
    public AnthropicError? Error { get; private set; }

    /// <summary>Parses a run of complete events, appending the updates they produce.</summary>
    /// <exception cref="InvalidDataException">An event is not valid JSON, or a tool call's input is larger than the limit.</exception>
    public void Parse(ReadOnlySpan<byte> run, List<ChatResponseUpdate> updates)
    {
        while (!run.IsEmpty)
        {
            var end = IndexOfEventEnd(run, out var delimiter);
            var sseEvent = end < 0 ? run : run[..end];
            run = end < 0 ? default : run[(end + delimiter)..];
            var name = Split(sseEvent, out var data);
            if (!data.IsEmpty && SseEventReader.Parse(name, data) is { } evt)
            {
                Apply(evt, updates);
            }
        }
    }

    private void Apply(StreamEvent evt, List<ChatResponseUpdate> updates)
    {
        switch (evt)
        {
            case MessageStartEvent start:
                _messageId = start.Message.Id;
                _model = start.Message.Model;
                updates.Add(Update([new UsageContent(AnthropicResponseReader.ToUsage(start.Message.Usage))]));
                break;
            case ContentBlockStartEvent { ContentBlock: ToolUseBlock tool } toolStart:
                _tools[toolStart.Index] = (tool.Id, tool.Name, new StringBuilder());
                break;
            case ContentBlockStartEvent { ContentBlock: TextBlock { Text.Length: > 0 } text }:
                updates.Add(Update([new TextContent(text.Text)]));
                break;
            case ContentBlockDeltaEvent { Delta: TextDelta text }:
                updates.Add(Update([new TextContent(text.Text)]));
                break;
            case ContentBlockDeltaEvent { Delta: ThinkingDelta thinking }:
                updates.Add(Update([new TextReasoningContent(thinking.Thinking)]));
                break;
            case ContentBlockDeltaEvent { Delta: InputJsonDelta json } delta when _tools.TryGetValue(delta.Index, out var pending):
                if (pending.Json.Length + json.PartialJson.Length > maxToolInputChars)
                {
                    throw new InvalidDataException($"The input of tool call '{pending.Name}' is larger than {maxToolInputChars} characters.");
                }

                pending.Json.Append(json.PartialJson);
                break;
            case ContentBlockStopEvent stop when _tools.Remove(stop.Index, out var done):
                updates.Add(Update([new FunctionCallContent(done.Id, done.Name, ParseArguments(done.Json.ToString()))]));
                break;
            case MessageDeltaEvent messageDelta:
                var update = Update([new UsageContent(new UsageDetails { OutputTokenCount = messageDelta.Usage.OutputTokens })]);
                update.FinishReason = AnthropicResponseReader.MapStopReason(messageDelta.Delta.StopReason);
                updates.Add(update);
                break;
            case ErrorEvent error:
                Error = error.Error ?? new AnthropicError(AnthropicErrorTypes.Api, "Upstream stream error.");
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

    private static string EventName(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("content_block_delta"u8) => StreamEventTypes.ContentBlockDelta,
        _ when name.SequenceEqual("message_start"u8) => StreamEventTypes.MessageStart,
        _ when name.SequenceEqual("message_delta"u8) => StreamEventTypes.MessageDelta,
        _ when name.SequenceEqual("message_stop"u8) => StreamEventTypes.MessageStop,
        _ when name.SequenceEqual("content_block_start"u8) => StreamEventTypes.ContentBlockStart,
        _ when name.SequenceEqual("content_block_stop"u8) => StreamEventTypes.ContentBlockStop,
        _ => Encoding.UTF8.GetString(name),
    };

    private static string Split(ReadOnlySpan<byte> sseEvent, out ReadOnlySpan<byte> data)
    {
        var name = "message";
        data = default;
        while (!sseEvent.IsEmpty)
        {
            var newline = sseEvent.IndexOf((byte)'\n');
            var line = newline < 0 ? sseEvent : sseEvent[..newline];
            sseEvent = newline < 0 ? default : sseEvent[(newline + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (line.StartsWith("event:"u8))
            {
                name = EventName(line[6..].Trim((byte)' '));
            }
            else if (data.IsEmpty && line.StartsWith("data:"u8))
            {
                data = line[5..].TrimStart((byte)' ');
            }
        }

        return name;
    }
}
