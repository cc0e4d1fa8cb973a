using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Skillgate.Protocol;

namespace Skillgate.Benchmarks.Protocol;

/// <summary>Writing 100 text-delta events: the SSE writer straight into a buffer against building each
/// event as a string and encoding it.</summary>
[MemoryDiagnoser]
public class SseWriterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly byte[] _word = "tokens "u8.ToArray();

    [Benchmark(Baseline = true)]
    public int StringConcatThenEncode()
    {
        _output.ResetWrittenCount();
        for (var i = 0; i < 100; i++)
        {
            var line = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                + Encoding.UTF8.GetString(_word) + "\"}}\n\n";
            _output.Write(Encoding.UTF8.GetBytes(line));
        }

        return _output.WrittenCount;
    }

    [Benchmark]
    public int SseWriter_BeginEvent()
    {
        _output.ResetWrittenCount();
        using var sse = new SseWriter(_output);
        for (var i = 0; i < 100; i++)
        {
            var w = sse.BeginEvent("content_block_delta"u8);
            w.WriteStartObject();
            w.WriteString("type"u8, "content_block_delta"u8);
            w.WriteNumber("index"u8, 0);
            w.WriteStartObject("delta"u8);
            w.WriteString("type"u8, "text_delta"u8);
            w.WriteString("text"u8, _word);
            w.WriteEndObject();
            w.WriteEndObject();
            sse.EndEvent();
        }

        return _output.WrittenCount;
    }

    [Benchmark]
    public int SseWriter_WriteTextDelta()
    {
        _output.ResetWrittenCount();
        using var sse = new SseWriter(_output);
        for (var i = 0; i < 100; i++)
        {
            sse.WriteTextDelta(0, _word);
        }

        return _output.WrittenCount;
    }
}
