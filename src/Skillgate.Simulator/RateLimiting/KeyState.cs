using Microsoft.AspNetCore.Http;
using Skillgate.Protocol;

namespace Skillgate.Simulator.RateLimiting;

/// <summary>One configured key: its buckets, fault settings and counters.</summary>
internal sealed class KeyState
{
    /// <summary>The response header naming the workspace of the key that was used, as the real API sends it.</summary>
    public const string WorkspaceHeader = "anthropic-workspace-id";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TokenBucket? _requests;
    private readonly TokenBucket? _input;
    private readonly TokenBucket? _output;
    private readonly ResetCache _requestsReset = new();
    private readonly ResetCache _inputReset = new();
    private readonly ResetCache _outputReset = new();
    private readonly ResetCache _nowReset = new();
    private readonly string _nominalLimit;
    private readonly string? _workspaceHeaderValue;
    private readonly bool _rateLimitHeaders;
    private long _requestCount;
    private long _rateLimited;
    private long _overloaded;
    private long _faults;
    private long _inputTokens;
    private long _outputTokens;
    private int _inFlight;
    private int _peakInFlight;

    public KeyState(SimulatorKeyOptions options, FaultOptions defaultFaults, TimeProvider time, long unlimitedNominalLimit, bool rateLimitHeaders = true)
    {
        _rateLimitHeaders = rateLimitHeaders;
        Key = options.Key;
        Workspace = options.Workspace ?? SimulatorOptions.DefaultWorkspace;
        _workspaceHeaderValue = options.Workspace;
        _nominalLimit = NumberText.Of(unlimitedNominalLimit);
        Faults = options.Faults ?? defaultFaults;
        _time = time;
        var now = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        _requests = options.RequestsPerMinute > 0 ? new TokenBucket(options.RequestsPerMinute, now, frequency) : null;
        _input = options.InputTokensPerMinute > 0 ? new TokenBucket(options.InputTokensPerMinute, now, frequency) : null;
        _output = options.OutputTokensPerMinute > 0 ? new TokenBucket(options.OutputTokensPerMinute, now, frequency) : null;
    }

    public string Key { get; }

    /// <summary>The workspace whose batches and files this key sees.</summary>
    public string Workspace { get; }

    public FaultOptions Faults { get; }

    public bool HasLimits => _requests is not null || _input is not null || _output is not null;

    /// <summary>Takes one request, the input tokens and the output reservation (at most the output limit,
    /// returned in <paramref name="outputReserved"/>), or reports the limit hit.</summary>
    public bool TryAcquire(int inputTokens, int outputReserve, out int outputReserved, out RateLimitFailure failure)
    {
        Interlocked.Increment(ref _requestCount);
        failure = default;
        outputReserved = _output is null ? 0 : (int)Math.Min(outputReserve, _output.Limit);
        if (!HasLimits)
        {
            return true;
        }

        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _requests?.Refill(now);
            _input?.Refill(now);
            _output?.Refill(now);
            if (_requests is not null && _requests.Tokens < 1)
            {
                failure = new("requests", _requests.Limit, _requests.TimeUntil(1));
            }
            else if (_input is not null && _input.Tokens < Math.Min(inputTokens, _input.Limit))
            {
                failure = new("input tokens", _input.Limit, _input.TimeUntil(Math.Min(inputTokens, _input.Limit)));
            }
            else if (_output is not null && _output.Tokens < outputReserved)
            {
                failure = new("output tokens", _output.Limit, _output.TimeUntil(outputReserved));
            }
            else
            {
                _requests?.Take(1);
                _input?.Take(inputTokens);
                _output?.Take(outputReserved);
                return true;
            }
        }

        Interlocked.Increment(ref _rateLimited);
        return false;
    }

    /// <summary>Replaces the output reservation by the real output.</summary>
    public void Settle(int outputReserved, int outputUsed)
    {
        if (_output is null || outputReserved == outputUsed)
        {
            return;
        }

        lock (_lock)
        {
            _output.Give(outputReserved - outputUsed);
        }
    }

    public void AddUsage(int input, int output)
    {
        Interlocked.Add(ref _inputTokens, input);
        Interlocked.Add(ref _outputTokens, output);
    }

    public void CountOverloaded() => Interlocked.Increment(ref _overloaded);

    public void CountFault() => Interlocked.Increment(ref _faults);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _peakInFlight, now);
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Writes all twelve <c>anthropic-ratelimit-*</c> headers (and <c>anthropic-workspace-id</c> for a key
    /// configured with a workspace), unless <see cref="SimulatorOptions.RateLimitHeaders"/> is off. A family without a limit reports the
    /// nominal limit as limit and remaining, and now as reset (all cached strings: no allocation).</summary>
    public void WriteHeaders(IHeaderDictionary headers)
    {
        // Only keys configured with a workspace name it, so configs without workspaces answer as before.
        if (_workspaceHeaderValue is not null)
        {
            headers[WorkspaceHeader] = _workspaceHeaderValue;
        }

        if (!_rateLimitHeaders)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (!HasLimits)
        {
            var reset = _nowReset.Format(now);
            WriteNominal(headers, reset, RateLimitHeaders.RequestsLimit, RateLimitHeaders.RequestsRemaining, RateLimitHeaders.RequestsReset);
            WriteNominal(headers, reset, RateLimitHeaders.InputTokensLimit, RateLimitHeaders.InputTokensRemaining, RateLimitHeaders.InputTokensReset);
            WriteNominal(headers, reset, RateLimitHeaders.OutputTokensLimit, RateLimitHeaders.OutputTokensRemaining, RateLimitHeaders.OutputTokensReset);
            WriteNominal(headers, reset, RateLimitHeaders.TokensLimit, RateLimitHeaders.TokensRemaining, RateLimitHeaders.TokensReset);
            return;
        }

        var ts = _time.GetTimestamp();
        lock (_lock)
        {
            Write(headers, _requests, ts, now, _requestsReset,
                RateLimitHeaders.RequestsLimit, RateLimitHeaders.RequestsRemaining, RateLimitHeaders.RequestsReset);
            Write(headers, _input, ts, now, _inputReset,
                RateLimitHeaders.InputTokensLimit, RateLimitHeaders.InputTokensRemaining, RateLimitHeaders.InputTokensReset);
            Write(headers, _output, ts, now, _outputReset,
                RateLimitHeaders.OutputTokensLimit, RateLimitHeaders.OutputTokensRemaining, RateLimitHeaders.OutputTokensReset);
            var tightest = Tightest(_input, _output);
            Write(headers, tightest, ts, now, tightest == _input ? _inputReset : _outputReset,
                RateLimitHeaders.TokensLimit, RateLimitHeaders.TokensRemaining, RateLimitHeaders.TokensReset);
        }
    }

    public SimulatorKeyStats GetStats() => new()
    {
        Key = Key,
        Requests = Interlocked.Read(ref _requestCount),
        RateLimited = Interlocked.Read(ref _rateLimited),
        Overloaded = Interlocked.Read(ref _overloaded),
        Faults = Interlocked.Read(ref _faults),
        InputTokens = Interlocked.Read(ref _inputTokens),
        OutputTokens = Interlocked.Read(ref _outputTokens),
        InFlight = Volatile.Read(ref _inFlight),
        PeakInFlight = Volatile.Read(ref _peakInFlight),
    };

    public void ResetStats()
    {
        Interlocked.Exchange(ref _requestCount, 0);
        Interlocked.Exchange(ref _rateLimited, 0);
        Interlocked.Exchange(ref _overloaded, 0);
        Interlocked.Exchange(ref _faults, 0);
        Interlocked.Exchange(ref _inputTokens, 0);
        Interlocked.Exchange(ref _outputTokens, 0);
        Interlocked.Exchange(ref _peakInFlight, Volatile.Read(ref _inFlight));
    }

    internal static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static TokenBucket? Tightest(TokenBucket? a, TokenBucket? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        return a.Tokens / a.Limit <= b.Tokens / b.Limit ? a : b;
    }

    private void Write(IHeaderDictionary headers, TokenBucket? bucket, long ts, DateTimeOffset now, ResetCache cache,
        string limitName, string remainingName, string resetName)
    {
        if (bucket is null)
        {
            WriteNominal(headers, _nowReset.Format(now), limitName, remainingName, resetName);
            return;
        }

        bucket.Refill(ts);
        headers[limitName] = NumberText.Of(bucket.Limit);
        headers[remainingName] = NumberText.Of(Math.Max(0, (long)Math.Floor(bucket.Tokens)));
        headers[resetName] = cache.Format(now + bucket.TimeUntilFull());
    }

    private void WriteNominal(IHeaderDictionary headers, string reset, string limitName, string remainingName, string resetName)
    {
        headers[limitName] = _nominalLimit;
        headers[remainingName] = _nominalLimit;
        headers[resetName] = reset;
    }
}
