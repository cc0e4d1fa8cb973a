using System.Text;
using CsCheck;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class SseStreamReaderTests
{
    private const string Stream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1,\"cache_read_input_tokens\":3}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: ping\ndata: {\"type\": \"ping\"}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello \\\"usage\\\"\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    private static async Task<(byte[] Bytes, List<SseRun> Runs, SseSniffState State)> ReadAllAsync(Stream source, int bufferSize = 64)
    {
        using var reader = new SseStreamReader(source, bufferSize);
        var output = new MemoryStream();
        var runs = new List<SseRun>();
        while (true)
        {
            var run = await reader.ReadRunAsync(null, CancellationToken.None);
            if (run.IsEndOfStream)
            {
                return (output.ToArray(), runs, reader.State);
            }

            output.Write(run.Bytes.Span);
            runs.Add(run);
        }
    }

    [Fact]
    public async Task ReadRunAsync_WholeStream_PassesBytesThroughUnchanged()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        var (output, runs, state) = await ReadAllAsync(new MemoryStream(bytes));
        Assert.Equal(bytes, output);
        Assert.Equal(25, state.InputTokens);
        Assert.Equal(15, state.OutputTokens);
        Assert.Equal(3, state.CacheReadInputTokens);
        Assert.Equal("end_turn", state.StopReason);
        Assert.Contains(runs, r => r.HasMessageStop);
    }

    [Fact]
    public async Task ReadRunAsync_AnyChunking_SameBytesAndUsage()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream.Replace("\n", "\r\n", StringComparison.Ordinal));
        await Gen.Int[1, 97].SampleAsync(async chunk =>
        {
            var (output, _, state) = await ReadAllAsync(new ChunkedStream(bytes, chunk), bufferSize: 16);
            Assert.Equal(bytes, output);
            Assert.Equal(15, state.OutputTokens);
            Assert.Equal(25, state.InputTokens);
        }, iter: 60);
    }

    [Fact]
    public async Task ReadRunAsync_WaitingForData_HoldsOnlyWhatItKeeps()
    {
        var events = Stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => Encoding.UTF8.GetBytes(e + "\n\n")).ToArray();
        // A stream whose zero-byte reads wait for data. (On a loopback socket a zero-byte read now and then completes
        // with no data, and the reader then waits in a full read buffer: parking is best effort, not a guarantee.)
        var source = new PushedStream();
        using var reader = new SseStreamReader(source);
        reader.Retain();

        // The prelude (message_start, content_block_start, ping) is kept for a retry: a waiting reader holds a
        // buffer that fits it, not a full read buffer.
        var prelude = events[0].Concat(events[1]).Concat(events[2]).ToArray();
        source.Push(prelude);
        for (var read = 0; read < prelude.Length;)
        {
            var run = await reader.ReadRunAsync(null, CancellationToken.None);
            Assert.False(run.HasFirstToken);
            read += run.Bytes.Length;
        }

        var firstRun = reader.ReadRunAsync(null, CancellationToken.None).AsTask();
        Assert.False(firstRun.IsCompleted);
        Assert.InRange(reader.BufferCapacity, 1, 1024);

        source.Push(events[3]);
        Assert.True((await firstRun).HasFirstToken);
        var output = new MemoryStream();
        output.Write(reader.TakeRetained().Span);

        // Nothing kept between tokens: a waiting reader holds no buffer at all.
        var nextRun = reader.ReadRunAsync(null, CancellationToken.None).AsTask();
        Assert.False(nextRun.IsCompleted);
        Assert.Equal(0, reader.BufferCapacity);

        foreach (var e in events[4..])
        {
            source.Push(e);
        }

        source.Complete();
        for (var run = await nextRun; !run.IsEndOfStream; run = await reader.ReadRunAsync(null, CancellationToken.None))
        {
            output.Write(run.Bytes.Span);
        }

        Assert.Equal(Encoding.UTF8.GetBytes(Stream), output.ToArray());
        Assert.Equal(15, reader.State.OutputTokens);
    }

    [Fact]
    public async Task ReadRunAsync_ErrorEvent_EndsRunAndSniffsType()
    {
        var text = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5}}}\n\n" +
                   "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
        var (_, runs, state) = await ReadAllAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), bufferSize: 4096);
        Assert.True(runs[^1].HasError);
        Assert.DoesNotContain(runs, r => r.HasFirstToken);
        Assert.Equal("overloaded_error", state.ErrorType);
        Assert.Equal("Overloaded", state.ErrorMessage);
    }

    [Fact]
    public async Task ReadRunAsync_CutMidEvent_ReportsEndedMidEvent()
    {
        var bytes = Encoding.UTF8.GetBytes("event: ping\ndata: {}\n\nevent: content_block_delta\ndata: {\"ty");
        using var reader = new SseStreamReader(new MemoryStream(bytes), 64);
        var first = await reader.ReadRunAsync(null, CancellationToken.None);
        Assert.False(first.IsEndOfStream);
        var end = await reader.ReadRunAsync(null, CancellationToken.None);
        Assert.True(end.IsEndOfStream);
        Assert.True(reader.EndedMidEvent);
    }

    [Fact]
    public async Task Retain_KeepsPreludeAcrossReads()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        using var reader = new SseStreamReader(new ChunkedStream(bytes, 7), 16);
        reader.Retain();
        SseRun run;
        do
        {
            run = await reader.ReadRunAsync(null, CancellationToken.None);
        }
        while (!run.HasFirstToken);

        var prelude = Encoding.UTF8.GetString(reader.TakeRetained().Span);
        Assert.StartsWith("event: message_start", prelude, StringComparison.Ordinal);
        Assert.EndsWith("\"Hello \\\"usage\\\"\"}}\n\n", prelude, StringComparison.Ordinal);
        Assert.StartsWith(prelude, Stream, StringComparison.Ordinal);
    }

    [Fact]
    public void SniffJson_ToolInputWithUsageKey_Ignored()
    {
        var json = "{\"content\":[{\"type\":\"tool_use\",\"input\":{\"usage\":{\"input_tokens\":999}}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":12,\"output_tokens\":4}}"u8;
        var state = default(SseSniffState);
        SseSniffer.SniffJson(json, ref state);
        Assert.Equal(12, state.InputTokens);
        Assert.Equal(4, state.OutputTokens);
        Assert.Equal("tool_use", state.StopReason);
    }

    [Fact]
    public void SniffJson_Garbage_LeavesStateEmpty()
    {
        var state = default(SseSniffState);
        SseSniffer.SniffJson("{\"usage\": {\"input_tokens\": 4"u8, ref state);
        SseSniffer.SniffJson("not json"u8, ref state);
        Assert.Equal(0, state.OutputTokens);
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
