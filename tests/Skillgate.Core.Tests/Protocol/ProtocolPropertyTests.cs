using System.Buffers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Skillgate.Protocol;

namespace Skillgate.Core.Tests.Protocol;

public sealed class ProtocolPropertyTests
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["abc xyz{}();=<>\n\t\"\\"], 0, 200],
        Gen.String[Gen.Char["你好世界こんにちは한국어 ,.\n"], 0, 100]);

    [Fact]
    public void TryParse_AnyBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var ok = MessageRequestParser.TryParse(bytes, requireMaxTokens: true, out var info, out var error);
            Assert.Equal(ok, info is not null);
            Assert.Equal(ok, error is null);
        });
    }

    [Fact]
    public void TryParse_AnyText_EveryCharacterCountedOnce()
    {
        Text.Sample(text =>
        {
            var json = $$"""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":{{JsonSerializer.Serialize(text)}}}]}""";
            Assert.True(MessageRequestParser.TryParse(Encoding.UTF8.GetBytes(json), true, out var info, out _));
            var stats = info!.Text;
            var scalars = text.EnumerateRunes().Count();
            Assert.Equal(scalars, stats.ProseChars + stats.CjkChars + stats.CodeChars);
        });
    }

    [Fact]
    public void SseWriter_AnyTextAnyChunking_ReaderGetsSameText()
    {
        Gen.Select(Gen.String, Gen.Int[1, 64]).Sample((text, chunk) =>
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new SseWriter(buffer))
            {
                writer.WriteTextDelta(0, Encoding.UTF8.GetBytes(text));
                writer.WriteEvent("message_stop"u8, """{"type":"message_stop"}"""u8);
            }

            using var stream = new ChunkedStream(buffer.WrittenSpan.ToArray(), chunk);
            var events = SseEventReader.ReadAsync(stream).ToBlockingEnumerable().ToList();

            Assert.Equal(2, events.Count);
            Assert.Equal(text, ((TextDelta)((ContentBlockDeltaEvent)events[0]).Delta).Text);
        });
    }

    // Returns at most `chunk` bytes per read, like a network that splits frames anywhere.
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);
    }
}
