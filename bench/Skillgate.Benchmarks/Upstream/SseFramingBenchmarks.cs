using System.Text;
using BenchmarkDotNet.Attributes;
using Skillgate.Upstream;

namespace Skillgate.Benchmarks.Upstream;

/// <summary>The streaming path's framing and usage sniffing alone, against reading the same bytes without looking at them.</summary>
[MemoryDiagnoser]
public class SseFramingBenchmarks
{
    private readonly byte[] _sse = Build(deltas: 50);
    private readonly byte[] _buffer = new byte[16 * 1024];

    [Benchmark(Baseline = true)]
    public async Task<long> ReadOnly()
    {
        using var stream = new MemoryStream(_sse, writable: false);
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(_buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    [Benchmark]
    public async Task<long> FrameAndSniff()
    {
        using var stream = new MemoryStream(_sse, writable: false);
        using var reader = new SseStreamReader(stream);
        long total = 0;
        while (true)
        {
            var run = await reader.ReadRunAsync(null, CancellationToken.None);
            if (run.IsEndOfStream)
            {
                return total + reader.State.OutputTokens;
            }

            total += run.Bytes.Length;
        }
    }

    private static byte[] Build(int deltas)
    {
        var text = new StringBuilder();
        text.Append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n");
        for (var i = 0; i < deltas; i++)
        {
            text.Append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"token \"}}\n\n");
        }

        text.Append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":50}}\n\n");
        text.Append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
