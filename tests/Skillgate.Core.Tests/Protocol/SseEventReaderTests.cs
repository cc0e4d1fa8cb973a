using System.Text;
using Skillgate.Protocol;

namespace Skillgate.Core.Tests.Protocol;

public sealed class SseEventReaderTests
{
    private static async Task<List<StreamEvent>> ReadAllAsync(string sse)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(sse));
        var events = new List<StreamEvent>();
        await foreach (var evt in SseEventReader.ReadAsync(stream))
        {
            events.Add(evt);
        }

        return events;
    }

    [Fact]
    public async Task ReadAsync_FullTextStream_YieldsTypedEvents()
    {
        const string sse = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":3,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

            event: message_stop
            data: {"type":"message_stop"     }


            """;

        var events = await ReadAllAsync(sse);

        Assert.Collection(events,
            e => Assert.Equal(3, Assert.IsType<MessageStartEvent>(e).Message.Usage.CacheReadInputTokens),
            e => Assert.IsType<TextBlock>(Assert.IsType<ContentBlockStartEvent>(e).ContentBlock),
            e => Assert.IsType<PingEvent>(e),
            e => Assert.Equal("Hello", Assert.IsType<TextDelta>(Assert.IsType<ContentBlockDeltaEvent>(e).Delta).Text),
            e => Assert.Equal(0, Assert.IsType<ContentBlockStopEvent>(e).Index),
            e =>
            {
                var delta = Assert.IsType<MessageDeltaEvent>(e);
                Assert.Equal(StopReasons.EndTurn, delta.Delta.StopReason);
                Assert.Equal(15, delta.Usage.OutputTokens);
            },
            e => Assert.IsType<MessageStopEvent>(e));
    }

    [Fact]
    public async Task ReadAsync_UnknownEventsAndFields_Skipped()
    {
        const string sse = "event: future_event\ndata: {\"type\":\"future_event\",\"x\":1}\n\n"
            + "event: content_block_delta\ndata: {\"index\":2,\"new_field\":[1,{\"a\":null}],\"delta\":{\"type\":\"citations_delta\",\"citation\":{}},\"type\":\"content_block_delta\"}\n\n"
            + "event: content_block_start\r\ndata: { \"type\" : \"content_block_start\" , \"index\" : 1 ,\r\n"
            + "data: \"content_block\" : { \"type\" : \"tool_use\", \"id\":\"toolu_1\",\"name\":\"f\",\"input\":{} } }\r\n\r\n"
            + ": comment line\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

        var events = await ReadAllAsync(sse);

        Assert.Collection(events,
            e => Assert.Equal(typeof(ContentDelta), Assert.IsType<ContentBlockDeltaEvent>(e).Delta.GetType()),
            e => Assert.Equal("f", Assert.IsType<ToolUseBlock>(Assert.IsType<ContentBlockStartEvent>(e).ContentBlock).Name),
            e => Assert.IsType<MessageStopEvent>(e));
    }

    [Fact]
    public async Task ReadAsync_ErrorEvent_CarriesError()
    {
        var events = await ReadAllAsync("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");

        var error = Assert.IsType<ErrorEvent>(Assert.Single(events)).Error;
        Assert.Equal(AnthropicErrorTypes.Overloaded, error!.Type);
        Assert.Equal(529, error.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_KnownEventWithBrokenJson_Throws()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync("event: message_stop\ndata: {\"type\":\n\n"));
    }

    [Fact]
    public void Parse_InputJsonDelta_ReadsPartialJson()
    {
        var evt = SseEventReader.Parse("content_block_delta",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}"""u8);

        Assert.Equal("", Assert.IsType<InputJsonDelta>(Assert.IsType<ContentBlockDeltaEvent>(evt).Delta).PartialJson);
    }
}
