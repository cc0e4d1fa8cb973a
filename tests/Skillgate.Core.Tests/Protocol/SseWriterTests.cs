using System.Buffers;
using System.Text;
using Skillgate.Protocol;

namespace Skillgate.Core.Tests.Protocol;

public sealed class SseWriterTests
{
    [Fact]
    public void WriteEvent_RawJson_ExactFraming()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new SseWriter(buffer);

        writer.WriteEvent("ping"u8, """{"type":"ping"}"""u8);

        Assert.Equal("event: ping\ndata: {\"type\":\"ping\"}\n\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public async Task WriteEvent_TypedEvents_RoundTripThroughReader()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new SseWriter(buffer))
        {
            writer.WriteEvent(new MessageStartEvent { Message = new Message { Id = "msg_1", Model = "claude-x", Usage = new Usage { InputTokens = 7 } } });
            writer.WriteEvent(new ContentBlockDeltaEvent { Index = 0, Delta = new TextDelta { Text = "line1\nline2 \"q\"" } });
            var json = writer.BeginEvent("message_delta"u8);
            json.WriteStartObject();
            json.WriteString("type", "message_delta");
            json.WriteStartObject("delta");
            json.WriteString("stop_reason", "max_tokens");
            json.WriteEndObject();
            json.WriteStartObject("usage");
            json.WriteNumber("output_tokens", 9);
            json.WriteEndObject();
            json.WriteEndObject();
            writer.EndEvent();
            writer.WriteError(new AnthropicError(AnthropicErrorTypes.Overloaded, "Overloaded"));
        }

        using var stream = new MemoryStream(buffer.WrittenSpan.ToArray());
        var events = new List<StreamEvent>();
        await foreach (var evt in SseEventReader.ReadAsync(stream))
        {
            events.Add(evt);
        }

        Assert.Collection(events,
            e => Assert.Equal(7, Assert.IsType<MessageStartEvent>(e).Message.Usage.InputTokens),
            e => Assert.Equal("line1\nline2 \"q\"", Assert.IsType<TextDelta>(Assert.IsType<ContentBlockDeltaEvent>(e).Delta).Text),
            e => Assert.Equal(9, Assert.IsType<MessageDeltaEvent>(e).Usage.OutputTokens),
            e => Assert.Equal("Overloaded", Assert.IsType<ErrorEvent>(e).Error!.Message));
    }
}
