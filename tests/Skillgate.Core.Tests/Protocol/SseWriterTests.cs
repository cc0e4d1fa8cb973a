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

    [Theory]
    [InlineData("plain words ", 0)]
    [InlineData("quote \" back\\slash\nnewline <tag> & ü 你好", 12)]
    public async Task WriteTextDelta_FastAndEscapedPaths_SameAsSerializer(string text, int index)
    {
        var pipe = new System.IO.Pipelines.Pipe();
        using (var writer = new SseWriter(pipe.Writer))
        {
            writer.WriteTextDelta(index, Encoding.UTF8.GetBytes(text));
        }

        await pipe.Writer.CompleteAsync();
        var events = new List<StreamEvent>();
        await foreach (var evt in SseEventReader.ReadAsync(pipe.Reader.AsStream()))
        {
            events.Add(evt);
        }

        var delta = Assert.IsType<ContentBlockDeltaEvent>(Assert.Single(events));
        Assert.Equal(index, delta.Index);
        Assert.Equal(text, Assert.IsType<TextDelta>(delta.Delta).Text);
    }

    [Fact]
    public void WriteTextDelta_PlainText_ExactBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new SseWriter(buffer);

        writer.WriteTextDelta(3, "Hi there"u8);

        Assert.Equal("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi there\"}}\n\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
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
