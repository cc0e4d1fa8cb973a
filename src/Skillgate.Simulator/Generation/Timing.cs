using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Generation;

/// <summary>The latency model of one reply: time to first token, then tokens at a steady speed, with jitter.</summary>
internal sealed class Timing
{
    private readonly TimeProvider _time;
    private readonly double _ttftMs;
    private readonly double _tokensPerSecond;
    private readonly double _jitter;
    private SimRandom _random;

    public Timing(SimulatorState state, in Directives directives, ulong seed)
    {
        var latency = state.Options.Latency;
        _time = state.Time;
        _ttftMs = directives.TimeToFirstTokenMs > 0 ? directives.TimeToFirstTokenMs : latency.TimeToFirstTokenMs;
        _tokensPerSecond = latency.TokensPerSecond;
        _jitter = latency.Jitter;
        _random = new SimRandom(seed ^ 0x5DEECE66DUL);
    }

    public bool IsInstant => _ttftMs <= 0 && _tokensPerSecond <= 0;

    public bool Paced => _tokensPerSecond > 0;

    /// <summary>Output tokens delivered so far (for usage of cut streams).</summary>
    public int TokensSent { get; set; }

    public Task FirstTokenAsync(CancellationToken cancellationToken) => DelayAsync(_ttftMs, cancellationToken);

    public Task TokensAsync(int tokens, CancellationToken cancellationToken) =>
        _tokensPerSecond > 0 ? DelayAsync(tokens * 1000.0 / _tokensPerSecond, cancellationToken) : Task.CompletedTask;

    public Task WholeReplyAsync(int tokens, CancellationToken cancellationToken)
    {
        var ms = _ttftMs + (_tokensPerSecond > 0 ? tokens * 1000.0 / _tokensPerSecond : 0);
        return DelayAsync(ms, cancellationToken);
    }

    public Task DelayAsync(double ms, CancellationToken cancellationToken)
    {
        if (ms <= 0)
        {
            return Task.CompletedTask;
        }

        if (_jitter > 0)
        {
            ms *= 1 + (_jitter * ((2 * _random.NextDouble()) - 1));
        }

        return Task.Delay(TimeSpan.FromMilliseconds(ms), _time, cancellationToken);
    }
}
