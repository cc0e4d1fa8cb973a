using System.Text.Json.Serialization;

namespace Skillgate.Simulator;

/// <summary>Configuration of the Anthropic API simulator (the <c>sim.json</c> file maps onto it).</summary>
public sealed class SimulatorOptions
{
    /// <summary>The default key accepted when <see cref="Keys"/> is empty.</summary>
    public const string DefaultKey = "sk-sim-default";

    /// <summary>The workspace of every key that names none (<see cref="SimulatorKeyOptions.Workspace"/>).</summary>
    public const string DefaultWorkspace = "default";

    /// <summary>Default of <see cref="UnlimitedNominalLimit"/>: 1,000,000.</summary>
    public const long DefaultUnlimitedNominalLimit = 1_000_000;

    /// <summary>TCP port of the HTTP/1.1 endpoint; 0 (default) picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>TCP port of the h2c (HTTP/2 with prior knowledge) endpoint; 0 (default) picks a free port,
    /// -1 disables it.</summary>
    public int Http2Port { get; set; }

    /// <summary>Address to bind; default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Seed of every random choice (content, jitter, faults); default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>API keys and their limits. Empty: only <see cref="DefaultKey"/>, without limits.</summary>
    public IList<SimulatorKeyOptions> Keys { get; set; } = [];

    /// <summary>Requests in flight (all keys) above which the simulator answers 529 <c>overloaded_error</c>;
    /// 0 (default) means unlimited.</summary>
    public int MaxConcurrentRequests { get; set; }

    /// <summary>Largest accepted request body in bytes; default 32 MB (33,554,432), larger gets 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Time to first token and generation speed; default instant.</summary>
    public LatencyOptions Latency { get; set; } = new();

    /// <summary>Fault probabilities for keys that do not set their own.</summary>
    public FaultOptions Faults { get; set; } = new();

    /// <summary>How the simulator's input token counts differ per script from its base heuristic.</summary>
    public TokenFactorOptions TokenFactors { get; set; } = new();

    /// <summary>Fewest output tokens of a generated reply (before <c>max_tokens</c>); default 20.</summary>
    public int MinOutputTokens { get; set; } = 20;

    /// <summary>Most output tokens of a generated reply (before <c>max_tokens</c>); default 120.</summary>
    public int MaxOutputTokens { get; set; } = 120;

    /// <summary>The limit (and remaining) reported in the <c>anthropic-ratelimit-*</c> headers for a family a key
    /// has no limit on (every family of <see cref="DefaultKey"/>); its reset is now. Default 1,000,000.</summary>
    public long UnlimitedNominalLimit { get; set; } = DefaultUnlimitedNominalLimit;

    /// <summary>Whether answers carry the <c>anthropic-ratelimit-*</c> headers; default true. False answers like a
    /// self-hosted or proxied upstream that reports no limits: keys with limits still refuse with 429 and
    /// <c>retry-after</c>, but nothing tells the client the limits beforehand.</summary>
    public bool RateLimitHeaders { get; set; } = true;

    /// <summary>Model ids listed by <c>GET /v1/models</c>; empty means a built-in list of Claude models.</summary>
    public IList<string> Models { get; set; } = [];

    /// <summary>When true, a model not in <see cref="Models"/> gets 404 <c>not_found_error</c>; when false
    /// (default), any model id starting with <c>claude</c> is accepted.</summary>
    public bool StrictModels { get; set; }

    /// <summary>When true, requests without an <c>anthropic-version</c> header get 400 (as the real API);
    /// default false so plain HTTP clients work.</summary>
    public bool RequireVersionHeader { get; set; }

    /// <summary>Milliseconds one batch request takes to process (requests are processed one after
    /// another); default 20.</summary>
    public double BatchRequestMs { get; set; } = 20;

    /// <summary>Bytes the Files API keeps in memory for all workspaces together; an upload that would go above gets
    /// 400 with <c>error.details.error_code</c> <c>storage_quota_exceeded</c>, as the real API at its quota. Default 1 GiB (1,073,741,824). One file is bounded by
    /// <see cref="MaxRequestBodyBytes"/> (the real API's limit is 500 MB).</summary>
    public long MaxStoredFileBytes { get; set; } = 1L << 30;

    /// <summary>Whether uploaded files can be downloaded (<c>downloadable</c> and <c>GET /v1/files/{id}/content</c>);
    /// default true, so tests can read back what reached the upstream. The real API answers false (only files that
    /// tools create are downloadable): set false to get its 400 on download.</summary>
    public bool FilesDownloadable { get; set; } = true;

    /// <summary>How many of the last requests to keep for <see cref="SimulatorHost.GetRecordedRequests"/> (method, path,
    /// headers, body); 0 (default) records nothing and costs nothing. For tests that assert what reached the upstream.</summary>
    public int RecordRequests { get; set; }

    /// <summary>The clock for buckets, latency and batches; default <see cref="TimeProvider.System"/>.</summary>
    [JsonIgnore]
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal TimeSpan BatchRequestDuration => TimeSpan.FromMilliseconds(BatchRequestMs);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Check(Port is >= 0 and <= 65535, nameof(Port), "must be 0..65535");
        Check(Http2Port is >= -1 and <= 65535, nameof(Http2Port), "must be -1..65535");
        Check(MaxConcurrentRequests >= 0, nameof(MaxConcurrentRequests), "must be >= 0");
        Check(MaxRequestBodyBytes > 0, nameof(MaxRequestBodyBytes), "must be > 0");
        Check(MinOutputTokens >= 1 && MaxOutputTokens >= MinOutputTokens, nameof(MinOutputTokens),
            "must be >= 1 and <= MaxOutputTokens");
        Check(UnlimitedNominalLimit >= 1, nameof(UnlimitedNominalLimit), "must be >= 1");
        Check(BatchRequestMs >= 0, nameof(BatchRequestMs), "must be >= 0");
        Check(RecordRequests >= 0, nameof(RecordRequests), "must be >= 0");
        Check(MaxStoredFileBytes >= 0, nameof(MaxStoredFileBytes), "must be >= 0");
        Latency.Validate();
        Faults.Validate("Faults");
        TokenFactors.Validate();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Keys.Count; i++)
        {
            Keys[i].Validate($"Keys[{i}]");
            Check(seen.Add(Keys[i].Key), $"Keys[{i}].Key", "is listed twice");
        }
    }

    /// <summary>Reads a <c>sim.json</c> file (property names case-insensitive, comments allowed; unknown
    /// properties are an error naming them) and validates it.</summary>
    public static SimulatorOptions Load(string path)
    {
        SimulatorOptions? options;
        try
        {
            using var stream = File.OpenRead(path);
            options = System.Text.Json.JsonSerializer.Deserialize(stream, SimulatorJsonContext.Default.SimulatorOptions);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ArgumentException($"Simulator config {path} is not valid: {ex.Message}", nameof(path), ex);
        }

        options = options ?? throw new ArgumentException($"Simulator config {path} is empty.", nameof(path));
        options.Validate();
        return options;
    }

    internal static void Check(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"Simulator option {name} {problem}.", name);
        }
    }
}
