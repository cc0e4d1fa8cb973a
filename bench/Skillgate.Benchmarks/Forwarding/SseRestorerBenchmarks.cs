using System.Text;
using BenchmarkDotNet.Attributes;
using Skillgate.Redaction;
using Skillgate.Server.Forwarding;

namespace Skillgate.Benchmarks.Forwarding;

/// <summary>
/// The gateway's stream restore (<c>SseRestorer</c>, compiled from the server's source) over one streamed answer:
/// message_start, a text block of 32 deltas (one holding a placeholder), the stop events. Redaction on, so every
/// streamed response with a vault goes through it. Run on two builds to compare (issue 11, part 4).
/// </summary>
[MemoryDiagnoser]
public class SseRestorerBenchmarks
{
    private readonly List<byte[]> _runs = [];
    private Pseudonymizer _pseudonymizer = null!;
    private PseudonymVault _vault = null!;
    private string _placeholder = "";

    [GlobalSetup]
    public void Setup()
    {
        _pseudonymizer = new Pseudonymizer(new RedactionOptions { Mode = RedactionMode.Pseudonymize });
        _vault = _pseudonymizer.CreateVault("bench");
        var redacted = _pseudonymizer.Redact("Write to alice@example.com today.", _vault);
        _placeholder = redacted.Split(' ')[2];
        _runs.Add(Event("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","usage":{"input_tokens":12,"output_tokens":1}}}"""));
        _runs.Add(Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""));
        for (var i = 0; i < 32; i++)
        {
            var text = i == 16 ? $"mail {_placeholder} " : "tokens ";
            _runs.Add(Event("content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{{{text}}}"}}"""));
        }

        _runs.Add(Event("content_block_stop", """{"type":"content_block_stop","index":0}"""));
        _runs.Add(Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":40}}"""));
        _runs.Add(Event("message_stop", """{"type":"message_stop"}"""));
    }

    [Benchmark(Baseline = true)]
    public int RestoreOneStream()
    {
        var restorer = new SseRestorer(_pseudonymizer.CreateMessageStreamRestorer(_vault));
        var bytes = 0;
        foreach (var run in _runs)
        {
            bytes += restorer.Restore(run).Length;
        }

        return bytes;
    }

    private static byte[] Event(string name, string data) => Encoding.UTF8.GetBytes($"event: {name}\ndata: {data}\n\n");
}
