using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Simulator;
using Skillgate.Tokens;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>The requests of one burst, the simulated keys and the arithmetic of the binding limit.</summary>
internal sealed class BurstWorkload
{
    public const string Model = "claude-sonnet-4-5";

    public BurstWorkload(BurstSettings settings)
    {
        Settings = settings;
        Count = settings.EffectiveRequests;
        Keys = [.. Enumerable.Range(0, settings.Keys).Select(i => $"sk-sim-burst-{i}")];
        var random = new Random(settings.Seed);
        Tenants = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            Tenants[i] = settings.Tenants == 1 || i % 5 != 0 ? "t0" : $"t{1 + (i / 5 % (settings.Tenants - 1))}";
        }

        random.Shuffle(Tenants);
    }

    public BurstSettings Settings { get; }

    public int Count { get; }

    public IReadOnlyList<string> Keys { get; }

    /// <summary>The tenant of each request, in arrival order.</summary>
    public string[] Tenants { get; }

    /// <summary>Each key's requests per minute, the binding limit.</summary>
    public int RequestsPerMinute => Settings.EffectiveRequestsPerMinute;

    public int InputTokensPerMinute => RequestsPerMinute * 1000;

    public int OutputTokensPerMinute => RequestsPerMinute * Settings.MaxTokens * 2;

    /// <summary>Requests the keys' full buckets hold at the start.</summary>
    public double BucketCapacity => (double)RequestsPerMinute * Keys.Count;

    /// <summary>True when the keys' full buckets hold the whole burst: nothing is refused, there is no storm to show.</summary>
    public bool FitsInBuckets => Count <= BucketCapacity;

    /// <summary>
    /// The shortest time the keys' limits allow for the whole burst: the refill of what the full buckets do not hold,
    /// plus one request's own latency (time to first token and the mean output at the simulated speed).
    /// </summary>
    public double IdealSeconds
    {
        get
        {
            var refill = FitsInBuckets ? 0 : (Count - BucketCapacity) / (BucketCapacity / 60.0);
            return refill + (Settings.TimeToFirstTokenMs / 1000.0) + (MeanOutputTokens / SimulatedTokensPerSecond);
        }
    }

    private const double SimulatedTokensPerSecond = 2000;

    // The simulator's default output: 20 to 120 tokens.
    private const double MeanOutputTokens = 70;

    public static string Prompt(int i) => $"Summarize item {i} of the burst benchmark in one short sentence.";

    public byte[] Body(int i)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteNumber("max_tokens", Settings.MaxTokens);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", Prompt(i));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>The calibrated input estimate the scheduler admits, as the gateway makes it (character counts, calibrated per model).</summary>
    public static TokenEstimate EstimateInput(ITokenEstimator estimator, byte[] body)
        => MessageRequestParser.TryParse(body, requireMaxTokens: true, out var info, out _) ? estimator.EstimateStats(info!.Model, info.Text) : estimator.EstimateRequest(body);

    /// <summary>A fresh simulator (full buckets) for one side of the benchmark.</summary>
    public SimulatorOptions SimulatorOptions() => new()
    {
        Port = 0,
        Http2Port = -1,
        Seed = Settings.Seed,
        Latency = new LatencyOptions { TimeToFirstTokenMs = Settings.TimeToFirstTokenMs, TokensPerSecond = SimulatedTokensPerSecond },
        Keys = [.. Keys.Select(k => new SimulatorKeyOptions
        {
            Key = k,
            RequestsPerMinute = RequestsPerMinute,
            InputTokensPerMinute = InputTokensPerMinute,
            OutputTokensPerMinute = OutputTokensPerMinute,
        })],
    };

    /// <summary>
    /// Goodput as a share of the binding limit (requests per minute over all keys): successes over
    /// what the limit allows in max(<paramref name="seconds"/>, the time it needs for the whole burst),
    /// counting the full bucket at the start.
    /// </summary>
    public double GoodputShare(int successes, double seconds)
    {
        var capacity = BucketCapacity;
        var rate = capacity / 60.0;
        if (Count <= capacity)
        {
            return successes / (double)Count;
        }

        var needed = (Count - capacity) / rate;
        return successes / (capacity + (rate * Math.Max(seconds, needed)));
    }

    public static double? Percentile(List<double> sorted, double p)
        => sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
