using System.Text.Json;
using Skillgate.Protocol;

namespace Skillgate.Simulator.Generation;

/// <summary>Writes the JSON of a reply: the whole message, or the pieces of its stream events.</summary>
internal static class ReplyJson
{
    public static void WriteMessage(Utf8JsonWriter w, ReplyPlan plan, bool complete)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, plan.MessageId);
        w.WriteString("type"u8, "message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("model"u8, plan.Model);
        w.WriteStartArray("content"u8);
        if (complete)
        {
            if (plan.Text.Length > 0)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "text"u8);
                w.WriteString("text"u8, plan.Text.WrittenSpan);
                w.WriteEndObject();
            }

            if (plan.ToolInputJson is not null)
            {
                w.WriteStartObject();
                w.WriteString("type"u8, "tool_use"u8);
                w.WriteString("id"u8, plan.ToolId);
                w.WriteString("name"u8, plan.ToolName);
                w.WritePropertyName("input"u8);
                w.WriteRawValue(plan.ToolInputJson, skipInputValidation: true);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        if (complete)
        {
            w.WriteString("stop_reason"u8, plan.StopReason);
        }
        else
        {
            w.WriteNull("stop_reason"u8);
        }

        w.WriteNull("stop_sequence"u8);
        w.WritePropertyName("usage"u8);
        WriteUsage(w, plan.InputTokens, complete ? plan.OutputTokens : 1, full: true);
        w.WriteEndObject();
    }

    public static void WriteUsage(Utf8JsonWriter w, int input, int output, bool full)
    {
        w.WriteStartObject();
        w.WriteNumber("input_tokens"u8, input);
        w.WriteNumber("cache_creation_input_tokens"u8, 0);
        w.WriteNumber("cache_read_input_tokens"u8, 0);
        if (full)
        {
            w.WriteStartObject("cache_creation"u8);
            w.WriteNumber("ephemeral_5m_input_tokens"u8, 0);
            w.WriteNumber("ephemeral_1h_input_tokens"u8, 0);
            w.WriteEndObject();
        }

        w.WriteNumber("output_tokens"u8, output);
        if (full)
        {
            w.WriteString("service_tier"u8, "standard"u8);
        }

        w.WriteEndObject();
    }

    public static void WriteMessageStart(SseWriter sse, ReplyPlan plan)
    {
        var w = sse.BeginEvent("message_start"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "message_start"u8);
        w.WritePropertyName("message"u8);
        WriteMessage(w, plan, complete: false);
        w.WriteEndObject();
        sse.EndEvent();
    }

    public static void WriteTextBlockStart(SseWriter sse, int index)
    {
        var w = sse.BeginEvent("content_block_start"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_start"u8);
        w.WriteNumber("index"u8, index);
        w.WriteStartObject("content_block"u8);
        w.WriteString("type"u8, "text"u8);
        w.WriteString("text"u8, ""u8);
        w.WriteEndObject();
        w.WriteEndObject();
        sse.EndEvent();
    }

    public static void WriteToolBlockStart(SseWriter sse, int index, ReplyPlan plan)
    {
        var w = sse.BeginEvent("content_block_start"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_start"u8);
        w.WriteNumber("index"u8, index);
        w.WriteStartObject("content_block"u8);
        w.WriteString("type"u8, "tool_use"u8);
        w.WriteString("id"u8, plan.ToolId);
        w.WriteString("name"u8, plan.ToolName);
        w.WriteStartObject("input"u8);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        sse.EndEvent();
    }

    public static void WriteTextDelta(SseWriter sse, int index, ReadOnlySpan<byte> text) => sse.WriteTextDelta(index, text);

    public static void WriteJsonDelta(SseWriter sse, int index, ReadOnlySpan<char> partialJson)
    {
        var w = sse.BeginEvent("content_block_delta"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_delta"u8);
        w.WriteNumber("index"u8, index);
        w.WriteStartObject("delta"u8);
        w.WriteString("type"u8, "input_json_delta"u8);
        w.WriteString("partial_json"u8, partialJson);
        w.WriteEndObject();
        w.WriteEndObject();
        sse.EndEvent();
    }

    public static void WriteBlockStop(SseWriter sse, int index)
    {
        var w = sse.BeginEvent("content_block_stop"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_stop"u8);
        w.WriteNumber("index"u8, index);
        w.WriteEndObject();
        sse.EndEvent();
    }

    public static void WriteMessageDelta(SseWriter sse, ReplyPlan plan)
    {
        var w = sse.BeginEvent("message_delta"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "message_delta"u8);
        w.WriteStartObject("delta"u8);
        w.WriteString("stop_reason"u8, plan.StopReason);
        w.WriteNull("stop_sequence"u8);
        w.WriteEndObject();
        w.WritePropertyName("usage"u8);
        WriteUsage(w, plan.InputTokens, plan.OutputTokens, full: false);
        w.WriteEndObject();
        sse.EndEvent();
    }

    public static void WritePing(SseWriter sse) => sse.WriteEvent("ping"u8, """{"type": "ping"}"""u8);

    public static void WriteMessageStop(SseWriter sse) => sse.WriteEvent("message_stop"u8, """{"type":"message_stop"}"""u8);
}
