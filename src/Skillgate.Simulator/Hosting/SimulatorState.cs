using Skillgate.Simulator.Batches;
using Skillgate.Simulator.Files;
using Skillgate.Simulator.RateLimiting;
using Skillgate.Simulator.Skills;

namespace Skillgate.Simulator.Hosting;

/// <summary>Everything the endpoints share: options, keys, counters, ids, batches, files, skills, containers.</summary>
internal sealed class SimulatorState
{
    private static readonly string[] BuiltInModels =
    [
        "claude-opus-4-5-20251101", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001",
        "claude-opus-4-1-20250805", "claude-opus-4-20250514", "claude-sonnet-4-20250514",
        "claude-3-7-sonnet-20250219", "claude-3-5-haiku-20241022",
    ];

    private readonly Dictionary<string, KeyState> _keys;
    private readonly HashSet<string> _modelSet;
    private long _requests;
    private long _streaming;
    private long _rateLimited;
    private long _overloaded;
    private long _faults;
    private long _badRequests;
    private long _inputTokens;
    private long _outputTokens;
    private int _inFlight;
    private int _peakInFlight;
    private long _sequence;

    public SimulatorState(SimulatorOptions options)
    {
        Options = options;
        Time = options.TimeProvider;
        var keys = options.Keys.Count > 0 ? options.Keys : [new SimulatorKeyOptions { Key = SimulatorOptions.DefaultKey }];
        KeyList = keys.Select(k => new KeyState(k, options.Faults, Time, options.UnlimitedNominalLimit, options.RateLimitHeaders)).ToArray();
        _keys = KeyList.ToDictionary(k => k.Key, StringComparer.Ordinal);
        Models = options.Models.Count > 0 ? [.. options.Models] : BuiltInModels;
        _modelSet = new HashSet<string>(Models, StringComparer.Ordinal);
        Ids = new RequestIds(options.Seed);
        Batches = new BatchStore(this);
        Files = new FileStore(options.MaxStoredFileBytes);
        Skills = new SkillStore(Time);
        Containers = new ContainerStore(Time);
        Recorder = options.RecordRequests > 0 ? new RequestRecorder(options.RecordRequests, options.MaxRequestBodyBytes, Time) : null;
    }

    public SimulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public IReadOnlyList<KeyState> KeyList { get; }

    public IReadOnlyList<string> Models { get; }

    public RequestIds Ids { get; }

    public BatchStore Batches { get; }

    public FileStore Files { get; }

    public SkillStore Skills { get; }

    public ContainerStore Containers { get; }

    /// <summary>The request recorder, null unless <see cref="SimulatorOptions.RecordRequests"/> is above 0.</summary>
    public RequestRecorder? Recorder { get; }

    /// <summary>A number per admitted request, mixed into fault draws so they differ per request but
    /// repeat across runs that send the same requests in the same order.</summary>
    public ulong NextSequence() => (ulong)Interlocked.Increment(ref _sequence) * 0x9E3779B97F4A7C15UL;

    public KeyState? FindKey(string key) => _keys.GetValueOrDefault(key);

    public bool IsListedModel(string model) => _modelSet.Contains(model);

    public bool IsKnownModel(string model) =>
        _modelSet.Contains(model) || (!Options.StrictModels && model.StartsWith("claude", StringComparison.Ordinal));

    public void CountRequest(bool streaming)
    {
        Interlocked.Increment(ref _requests);
        if (streaming)
        {
            Interlocked.Increment(ref _streaming);
        }
    }

    public void CountRateLimited() => Interlocked.Increment(ref _rateLimited);

    public void CountOverloaded() => Interlocked.Increment(ref _overloaded);

    public void CountFault() => Interlocked.Increment(ref _faults);

    public void CountBadRequest() => Interlocked.Increment(ref _badRequests);

    public void AddUsage(int input, int output)
    {
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
    }

    /// <summary>Enters a request; false when over <see cref="SimulatorOptions.MaxConcurrentRequests"/>
    /// (the caller must still call <see cref="Exit"/>).</summary>
    public bool Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        KeyState.InterlockedMax(ref _peakInFlight, now);
        return Options.MaxConcurrentRequests == 0 || now <= Options.MaxConcurrentRequests;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    public SimulatorStats GetStats() => new()
    {
        Requests = Interlocked.Read(ref _requests),
        StreamingRequests = Interlocked.Read(ref _streaming),
        RateLimited = Interlocked.Read(ref _rateLimited),
        Overloaded = Interlocked.Read(ref _overloaded),
        Faults = Interlocked.Read(ref _faults),
        BadRequests = Interlocked.Read(ref _badRequests),
        InputTokens = Interlocked.Read(ref _inputTokens),
        OutputTokens = Interlocked.Read(ref _outputTokens),
        InFlight = Volatile.Read(ref _inFlight),
        PeakInFlight = Volatile.Read(ref _peakInFlight),
        Keys = KeyList.Select(k => k.GetStats()).ToArray(),
    };

    public void ResetStats()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _streaming, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _overloaded, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _badRequests, 0);
        Interlocked.Exchange(ref _inputTokens, 0);
        Interlocked.Exchange(ref _outputTokens, 0);
        Interlocked.Exchange(ref _peakInFlight, Volatile.Read(ref _inFlight));
        foreach (var key in KeyList)
        {
            key.ResetStats();
        }
    }
}
