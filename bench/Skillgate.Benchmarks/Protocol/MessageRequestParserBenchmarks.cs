using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Skillgate.Protocol;

namespace Skillgate.Benchmarks.Protocol;

/// <summary>Reading the request essentials from a raw body: our Utf8JsonReader pass against a
/// JsonDocument parse that reads the same fields.</summary>
[MemoryDiagnoser]
public class MessageRequestParserBenchmarks
{
    private byte[] _body = [];

    [Params(1, 64)]
    public int KiloBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        while (text.Length < KiloBytes * 1024)
        {
            text.Append("The quarterly report shows revenue growth of 12% across all regions. ");
        }

        _body = Encoding.UTF8.GetBytes(
            $$"""{"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,"system":"You are terse.","metadata":{"user_id":"u1"},"messages":[{"role":"user","content":[{"type":"text","text":{{JsonSerializer.Serialize(text.ToString())}}}]}]}""");
    }

    [Benchmark(Baseline = true)]
    public int JsonDocumentParse()
    {
        using var doc = JsonDocument.Parse(_body);
        var root = doc.RootElement;
        var length = root.GetProperty("model").GetString()!.Length + root.GetProperty("max_tokens").GetInt32();
        foreach (var message in root.GetProperty("messages").EnumerateArray())
        {
            foreach (var block in message.GetProperty("content").EnumerateArray())
            {
                length += block.GetProperty("text").GetString()!.Length;
            }
        }

        return length;
    }

    [Benchmark]
    public int MessageRequestParser_TryParse()
    {
        MessageRequestParser.TryParse(_body, requireMaxTokens: true, out var info, out _);
        return info!.EstimatedInputTokens;
    }
}
