using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Simulator.Endpoints;

namespace Skillgate.Simulator.Generation;

/// <summary>Writes a <see cref="SkillReply"/>: the whole message, or its stream events (text as <c>text_delta</c>s,
/// <c>server_tool_use</c> input as <c>input_json_delta</c>s, tool results whole in their <c>content_block_start</c>, and
/// the container both in <c>message_start</c> and in <c>message_delta.delta</c>).</summary>
internal static class SkillReplyJson
{
    public static void WriteMessage(Utf8JsonWriter w, SkillReply reply, bool complete)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, reply.MessageId);
        w.WriteString("type"u8, "message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("model"u8, reply.Model);
        w.WriteStartArray("content"u8);
        if (complete)
        {
            foreach (var block in reply.Blocks)
            {
                WriteBlock(w, block, complete: true);
            }
        }

        w.WriteEndArray();
        if (complete)
        {
            w.WriteString("stop_reason"u8, reply.StopReason);
        }
        else
        {
            w.WriteNull("stop_reason"u8);
        }

        w.WriteNull("stop_sequence"u8);
        w.WritePropertyName("usage"u8);
        ReplyJson.WriteUsage(w, reply.InputTokens, complete ? reply.OutputTokens : 1, full: true);
        WriteContainer(w, reply);
        w.WriteEndObject();
    }

    /// <summary>Writes <c>message_start</c>, the first <c>content_block_start</c> and <c>ping</c>.</summary>
    public static void WriteOpening(SseWriter sse, SkillReply reply)
    {
        var w = sse.BeginEvent("message_start"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "message_start"u8);
        w.WritePropertyName("message"u8);
        WriteMessage(w, reply, complete: false);
        w.WriteEndObject();
        sse.EndEvent();
        if (reply.Blocks.Count > 0)
        {
            WriteBlockStart(sse, 0, reply.Blocks[0]);
        }

        ReplyJson.WritePing(sse);
    }

    /// <summary>Writes every block's deltas and stop (the first block's start is in the opening), then
    /// <c>message_delta</c> and <c>message_stop</c>.</summary>
    public static void WriteRest(SseWriter sse, SkillReply reply, ulong seed)
    {
        var random = new SimRandom(seed);
        for (var index = 0; index < reply.Blocks.Count; index++)
        {
            var block = reply.Blocks[index];
            if (index > 0)
            {
                WriteBlockStart(sse, index, block);
            }

            if (block.Kind == ReplyBlockKind.Text)
            {
                var words = block.Text!.Split(' ');
                for (var at = 0; at < words.Length;)
                {
                    var take = Math.Min(random.Next(1, 4), words.Length - at);
                    var piece = string.Join(' ', words, at, take) + (at + take < words.Length ? " " : "");
                    sse.WriteTextDelta(index, System.Text.Encoding.UTF8.GetBytes(piece));
                    at += take;
                }
            }
            else if (block.Kind == ReplyBlockKind.ServerToolUse)
            {
                for (var at = 0; at < block.Json.Length;)
                {
                    var length = Math.Min(random.Next(6, 20), block.Json.Length - at);
                    ReplyJson.WriteJsonDelta(sse, index, block.Json.AsSpan(at, length));
                    at += length;
                }
            }

            ReplyJson.WriteBlockStop(sse, index);
        }

        var w = sse.BeginEvent("message_delta"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "message_delta"u8);
        w.WriteStartObject("delta"u8);
        w.WriteString("stop_reason"u8, reply.StopReason);
        w.WriteNull("stop_sequence"u8);
        WriteContainer(w, reply);
        w.WriteEndObject();
        w.WritePropertyName("usage"u8);
        ReplyJson.WriteUsage(w, reply.InputTokens, reply.OutputTokens, full: false);
        w.WriteEndObject();
        sse.EndEvent();
        ReplyJson.WriteMessageStop(sse);
    }

    private static void WriteBlockStart(SseWriter sse, int index, ReplyBlock block)
    {
        var w = sse.BeginEvent("content_block_start"u8);
        w.WriteStartObject();
        w.WriteString("type"u8, "content_block_start"u8);
        w.WriteNumber("index"u8, index);
        w.WritePropertyName("content_block"u8);
        WriteBlock(w, block, complete: false);
        w.WriteEndObject();
        sse.EndEvent();
    }

    private static void WriteBlock(Utf8JsonWriter w, ReplyBlock block, bool complete)
    {
        switch (block.Kind)
        {
            case ReplyBlockKind.Text:
                w.WriteStartObject();
                w.WriteString("type"u8, "text"u8);
                w.WriteString("text"u8, complete ? block.Text : "");
                w.WriteEndObject();
                break;
            case ReplyBlockKind.ServerToolUse:
                w.WriteStartObject();
                w.WriteString("type"u8, "server_tool_use"u8);
                w.WriteString("id"u8, block.Id);
                w.WriteString("name"u8, block.Name);
                w.WritePropertyName("input"u8);
                w.WriteRawValue(complete ? block.Json : "{}", skipInputValidation: true);
                w.WriteEndObject();
                break;
            default:
                w.WriteRawValue(block.Json, skipInputValidation: true);
                break;
        }
    }

    private static void WriteContainer(Utf8JsonWriter w, SkillReply reply)
    {
        w.WriteStartObject("container"u8);
        w.WriteString("id"u8, reply.Container.Id);
        JsonTime.Write(w, "expires_at"u8, reply.Container.ExpiresAt);
        w.WriteStartArray("skills"u8);
        foreach (var skill in reply.Container.Skills)
        {
            w.WriteStartObject();
            w.WriteString("type"u8, skill.Type);
            w.WriteString("skill_id"u8, skill.Skill.Id);
            w.WriteString("version"u8, skill.RequestedVersion);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
