using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Skillgate.Server.Conversations;
using Skillgate.Server.Errors;
using Skillgate.Server.Messages;
using Skillgate.Skills;
using Skillgate.Upstream;

namespace Skillgate.Server.SkillRuns;

internal sealed partial class SkillRunHandler
{
    // The turns of the loop as one streamed message: the first message_start, every turn's content blocks renumbered
    // after the previous turns', and only the last turn's message_delta and message_stop.
    private async Task StreamAsync(HttpContext context, PortableSkillRuntime runtime, SkillRunConversation conversation, Func<MessageRequest> turn, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var sent = time.GetTimestamp();
        var offset = 0;
        for (var round = 0; ; round++)
        {
            MessageStream stream;
            try
            {
                stream = await executor.StreamAsync(turn(), cancellationToken);
            }
            catch (UpstreamException ex) when (response.HasStarted)
            {
                await WriteErrorEventAsync(response, ex.ErrorType, ex.Message, cancellationToken);
                return;
            }

            await using (stream)
            {
                if (round == 0)
                {
                    response.StatusCode = StatusCodes.Status200OK;
                    response.ContentType = "text/event-stream";
                    response.Headers.CacheControl = "no-cache";
                    writer.WriteHeaders(response, turn().StartTimestamp, sent, stream.Headers);
                }

                var relay = new TurnRelay(round == 0, offset);
                var reader = new SsePushReader();
                await foreach (var run in stream.ReadAsync(cancellationToken))
                {
                    reader.Feed(run.Span, relay.OnEvent);
                    await response.Body.WriteAsync(relay.TakeOutput(), cancellationToken);
                }

                if (!relay.Answer.Complete || relay.Answer.Failed)
                {
                    // The turn ended early: its error event (if any) has gone out; nothing follows.
                    return;
                }

                var message = JsonNode.Parse(relay.Answer.ToMessageJson())!.AsObject();
                var calls = SkillRunConversation.RuntimeCalls(message);
                if (calls.Count == 0 || relay.StopReason != "tool_use")
                {
                    await response.Body.WriteAsync(relay.Ending, cancellationToken);
                    return;
                }

                if (round >= runtime.Options.MaxToolIterations)
                {
                    await WriteErrorEventAsync(response, Protocol.AnthropicErrorTypes.InvalidRequest, runtime.TooManyIterations().Message, cancellationToken);
                    return;
                }

                conversation.Continue(message, runtime, calls);
                offset = relay.NextIndex;
            }
        }
    }

    private static async Task WriteErrorEventAsync(HttpResponse response, string type, string message, CancellationToken cancellationToken)
    {
        var json = AnthropicError.ToJson(type, message, requestId: null);
        var bytes = new ArrayBufferWriter<byte>();
        bytes.Write("event: error\ndata: "u8);
        bytes.Write(json);
        bytes.Write("\n\n"u8);
        await response.Body.WriteAsync(bytes.WrittenMemory, cancellationToken);
    }

    /// <summary>Rewrites one turn's events for the joined stream and rebuilds the turn's assistant message.</summary>
    private sealed class TurnRelay(bool first, int firstIndex)
    {
        private readonly int _offset = firstIndex;
        private readonly ArrayBufferWriter<byte> _output = new();
        private readonly ArrayBufferWriter<byte> _ending = new();

        public AnswerAccumulator Answer { get; } = new();

        public string? StopReason { get; private set; }

        /// <summary>The index the next turn's first block gets.</summary>
        public int NextIndex { get; private set; } = firstIndex;

        /// <summary>This turn's message_delta and message_stop, written only when it is the last turn.</summary>
        public ReadOnlyMemory<byte> Ending => _ending.WrittenMemory;

        public void OnEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
        {
            Answer.OnEvent(name, data);
            if (name.SequenceEqual("message_start"u8))
            {
                if (first)
                {
                    Write(_output, name, data);
                }
            }
            else if (name.SequenceEqual("message_delta"u8))
            {
                StopReason = JsonNode.Parse(data)?["delta"]?["stop_reason"]?.GetValue<string>();
                Write(_ending, name, data);
            }
            else if (name.SequenceEqual("message_stop"u8))
            {
                Write(_ending, name, data);
            }
            else if (name.StartsWith("content_block_"u8) && JsonNode.Parse(data) is JsonObject block && block["index"] is { } index)
            {
                var renumbered = index.GetValue<int>() + _offset;
                NextIndex = Math.Max(NextIndex, renumbered + 1);
                if (_offset != 0)
                {
                    block["index"] = renumbered;
                    Write(_output, name, Encoding.UTF8.GetBytes(block.ToJsonString()));
                }
                else
                {
                    Write(_output, name, data);
                }
            }
            else
            {
                Write(_output, name, data);
            }
        }

        public ReadOnlyMemory<byte> TakeOutput()
        {
            var bytes = _output.WrittenMemory.ToArray();
            _output.ResetWrittenCount();
            return bytes;
        }

        private static void Write(ArrayBufferWriter<byte> to, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
        {
            to.Write("event: "u8);
            to.Write(name);
            to.Write("\n"u8);
            to.Write("data: "u8);
            to.Write(data);
            to.Write("\n\n"u8);
        }
    }
}
