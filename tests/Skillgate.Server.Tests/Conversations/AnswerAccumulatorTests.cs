using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Skillgate.Server.Conversations;
using Skillgate.Upstream;

namespace Skillgate.Server.Tests.Conversations;

public sealed class AnswerAccumulatorTests
{
    private static readonly string[] Events =
    [
        Event("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":120,"cache_read_input_tokens":30,"output_tokens":1}}}"""),
        Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"""),
        Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me "}}"""),
        Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"think."}}"""),
        Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig-abc"}}"""),
        Event("content_block_stop", """{"type":"content_block_stop","index":0}"""),
        Event("content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"""),
        Event("ping", """{"type":"ping"}"""),
        Event("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Oslo is "}}"""),
        Event("content_block_delta", """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"cold. 你好"}}"""),
        Event("content_block_stop", """{"type":"content_block_stop","index":1}"""),
        Event("content_block_start", """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}"""),
        Event("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Os"}}"""),
        Event("content_block_delta", """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"lo\"}"}}"""),
        Event("content_block_stop", """{"type":"content_block_stop","index":2}"""),
        Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":42}}"""),
        Event("message_stop", """{"type":"message_stop"}"""),
    ];

    private const string Expected =
        """{"role":"assistant","content":[{"type":"thinking","thinking":"Let me think.","signature":"sig-abc"},{"type":"text","text":"Oslo is cold. 你好"},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}}]}""";

    [Fact]
    public void OnEvent_AnySplitOfTheStream_RebuildsTheSameMessage()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Events));
        Gen.Int[1, bytes.Length].Array[1, 12].Sample(cuts =>
        {
            var points = cuts.Append(0).Append(bytes.Length).Distinct().Order().ToArray();
            var answer = Feed(points.Zip(points.Skip(1), (a, b) => bytes[a..b]));
            Assert.True(answer.Complete);
            Assert.False(answer.Failed);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Expected), JsonNode.Parse(answer.ToMessageJson())));
            Assert.Equal(150, answer.InputTokens);
            Assert.Equal(42, answer.OutputTokens);
        });
    }

    [Fact]
    public void OnEvent_StreamEndsBeforeMessageStop_NotComplete()
    {
        var answer = Feed([Encoding.UTF8.GetBytes(string.Concat(Events[..^1]))]);
        Assert.False(answer.Complete);
    }

    [Fact]
    public void OnEvent_ErrorEventThenStop_FailedAndNotComplete()
    {
        var events = Events[..5].Append(Event("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""")).Append(Events[^1]);
        var answer = Feed([Encoding.UTF8.GetBytes(string.Concat(events))]);
        Assert.True(answer.Failed);
        Assert.False(answer.Complete);
    }

    [Fact]
    public void OnEvent_UnreadableDelta_Failed()
    {
        var events = Events[..2].Append(Event("content_block_delta", "{not json")).Concat(Events[2..]);
        var answer = Feed([Encoding.UTF8.GetBytes(string.Concat(events))]);
        Assert.True(answer.Failed);
    }

    [Theory]
    [InlineData(45, false)]
    [InlineData(44, true)]
    public void OnEvent_TextPastLimit_FailedAndDropped(long maxChars, bool failed)
    {
        // The stream gathers 45 characters: 13 of thinking, 16 of text, 16 of tool input.
        var answer = Feed([Encoding.UTF8.GetBytes(string.Concat(Events))], maxChars);
        Assert.Equal(failed, answer.Failed);
        Assert.Equal(!failed, answer.Complete);
        if (failed)
        {
            Assert.Equal("{\"role\":\"assistant\",\"content\":[]}", answer.ToMessageJson());
        }
    }

    private static AnswerAccumulator Feed(IEnumerable<byte[]> chunks, long maxChars = AnswerAccumulator.DefaultMaxChars)
    {
        var reader = new SsePushReader();
        var answer = new AnswerAccumulator(maxChars);
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk, answer.OnEvent);
        }

        return answer;
    }

    private static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";
}
