using System.Text;
using CsCheck;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>The event size limit of <see cref="SseStreamReader"/>: a peer cannot grow its buffer without bound.</summary>
public sealed class SseStreamReaderLimitTests
{
    private const int Limit = 1024;

    private static readonly byte[] Delta =
        Encoding.UTF8.GetBytes("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n");

    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("event: ping\ndata: {\"type\": \"ping\"}\n\n");

    /// <summary>An event of exactly <paramref name="size"/> bytes, <c>\n\n</c> included.</summary>
    private static byte[] EventOfSize(int size)
    {
        var head = "event: content_block_delta\ndata: "u8.ToArray();
        var body = Enumerable.Repeat((byte)'x', size - head.Length - 2);
        return [.. head, .. body, (byte)'\n', (byte)'\n'];
    }

    [Fact]
    public async Task ReadRunAsync_EndlessEvent_ThrowsWithBoundedBufferAndReads()
    {
        // One good event, then "data: xxx\n" lines forever: never a blank line.
        var source = new EndlessStream(Delta, "data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"u8.ToArray());
        using var reader = new SseStreamReader(source, readBufferSize: 256, maxEventBytes: Limit);

        var first = await reader.ReadRunAsync(null, CancellationToken.None);
        Assert.Equal(Delta, first.Bytes.ToArray());
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadRunAsync(null, CancellationToken.None).AsTask());

        Assert.Contains($"larger than {Limit} bytes", error.Message, StringComparison.Ordinal);
        Assert.InRange(reader.PeakBufferCapacity, 1, 2 * Limit);
        Assert.InRange(source.Served, Limit, Delta.Length + 2 * Limit);
    }

    [Fact]
    public async Task ReadRunAsync_EndlessPreludeWhileRetaining_Throws()
    {
        // Pings forever and never a first token: the kept prelude is bounded too.
        var source = new EndlessStream([], Ping);
        using var reader = new SseStreamReader(source, readBufferSize: 256, maxEventBytes: Limit);
        reader.Retain();

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            while (true)
            {
                Assert.False((await reader.ReadRunAsync(null, CancellationToken.None)).IsEndOfStream);
            }
        });

        Assert.Contains("before its first token", error.Message, StringComparison.Ordinal);
        Assert.InRange(reader.PeakBufferCapacity, 1, 2 * Limit);
    }

    [Fact]
    public async Task ReadRunAsync_EventsBeforeOversizedOne_StillDelivered()
    {
        var bytes = Delta.Concat(Delta).Concat(EventOfSize(Limit + 1)).Concat(Delta).ToArray();
        using var reader = new SseStreamReader(new MemoryStream(bytes), readBufferSize: 4 * Limit, maxEventBytes: Limit);

        var run = await reader.ReadRunAsync(null, CancellationToken.None);

        Assert.Equal(Delta.Concat(Delta).ToArray(), run.Bytes.ToArray());
        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadRunAsync(null, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task ReadRunAsync_EventSizeAroundLimit_AcceptedExactlyUpToLimit()
    {
        var gen = Gen.Select(Gen.Int[Limit - 40, Limit + 40], Gen.Int[1, 300], Gen.Int[16, 512]);
        await gen.SampleAsync(async (size, chunk, bufferSize) =>
        {
            var bytes = Delta.Concat(EventOfSize(size)).Concat(Delta).ToArray();
            using var reader = new SseStreamReader(new ChunkedStream(bytes, chunk), bufferSize, Limit);
            var output = new MemoryStream();
            try
            {
                for (var run = await reader.ReadRunAsync(null, CancellationToken.None); !run.IsEndOfStream; run = await reader.ReadRunAsync(null, CancellationToken.None))
                {
                    output.Write(run.Bytes.Span);
                }

                Assert.True(size <= Limit, $"an event of {size} bytes passed");
                Assert.Equal(bytes, output.ToArray());
            }
            catch (InvalidDataException)
            {
                Assert.True(size > Limit, $"an event of {size} bytes was refused");
                Assert.Equal(Delta, output.ToArray());
            }

            Assert.InRange(reader.PeakBufferCapacity, 1, 2 * Limit);
        }, iter: 200);
    }

    /// <summary>Serves <c>head</c>, then <c>line</c> forever (each read a whole number of lines, at least one); counts the bytes served.</summary>
    private sealed class EndlessStream(byte[] head, byte[] line) : Stream
    {
        private int _headServed;

        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            if (_headServed < head.Length)
            {
                written = Math.Min(buffer.Length, head.Length - _headServed);
                head.AsSpan(_headServed, written).CopyTo(buffer);
                _headServed += written;
            }
            else
            {
                while (written + line.Length <= buffer.Length || (written == 0 && buffer.Length > 0))
                {
                    var n = Math.Min(line.Length, buffer.Length - written);
                    line.AsSpan(0, n).CopyTo(buffer[written..]);
                    written += n;
                }
            }

            Served += written;
            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
