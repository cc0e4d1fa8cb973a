using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Skillgate.Redaction;

namespace Skillgate.Benchmarks.Redaction;

/// <summary>
/// Throughput of finding (and replacing) sensitive values in 1 MiB (UTF-8) of mixed English and Chinese text.
/// MB/s = 1.048576 / mean seconds.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[Config(typeof(Config))]
public class RedactBenchmarks
{
    /// <summary>The input size in UTF-8 bytes.</summary>
    public const int InputBytes = 1 << 20;

    private readonly RegexPerRecognizer _regex = new();
    private string _text = "";
    private string _international = "";
    private EntityRecognizer _recognizer = null!;
    private Pseudonymizer _pseudonymizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _text = MixedText.Create(InputBytes);

        // The same text with its '+86' and '+1' numbers (national rules) swapped for ones only libphonenumber validates.
        _international = _text.Replace("+86 139 1234 5678", "+61 412 345 678", StringComparison.Ordinal)
            .Replace("+1 (617) 332-2123", "+7 495 123-45-67", StringComparison.Ordinal);
        var options = new RedactionOptions { Key = Convert.ToBase64String(new byte[32]) };
        _recognizer = new EntityRecognizer(options);
        _pseudonymizer = new Pseudonymizer(options, _recognizer);
        Console.WriteLine($"// text: {_text.Length} chars, {Encoding.UTF8.GetByteCount(_text)} UTF-8 bytes, {_recognizer.Recognize(_text).Count} entities");
    }

    [Benchmark(Baseline = true, Description = "regex per recognizer (7 passes)")]
    public int RegexPerType() => _regex.Count(_text);

    [Benchmark(Description = "single-pass scanner: Recognize")]
    public int Recognize() => _recognizer.Recognize(_text).Count;

    [Benchmark(Description = "single-pass scanner: Recognize, international numbers (libphonenumber)")]
    public int RecognizeInternational() => _recognizer.Recognize(_international).Count;

    [Benchmark(Description = "Pseudonymizer.Redact (scan + placeholders + vault)")]
    public int Pseudonymize() => _pseudonymizer.Redact(_text, _pseudonymizer.CreateVault("bench")).Length;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn());
    }
}
