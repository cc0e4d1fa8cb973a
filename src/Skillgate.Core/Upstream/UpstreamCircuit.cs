namespace Skillgate.Upstream;

/// <summary>
/// The circuit breaker of one upstream (<see cref="UpstreamCircuitBreakerOptions"/>). It samples the final outcome of
/// each call (after retries) and counts attempts in a row that could not connect; it opens on a failure ratio of calls
/// or on such a streak. While open, callers either fail fast (the upstream cannot be reached, or they cannot wait) or
/// wait for the one probe call's verdict. Closed is a lock-free read, so a healthy upstream pays one volatile read.
/// </summary>
internal sealed class UpstreamCircuit
{
    private const int Slots = 10;

    private readonly Lock _lock = new();
    private readonly UpstreamCircuitBreakerOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<CircuitState, CircuitReason> _changed;
    private readonly long _slotTicks;
    private readonly long _origin;
    private readonly long[] _slotIndex = new long[Slots];
    private readonly int[] _calls = new int[Slots];
    private readonly int[] _failures = new int[Slots];
    private volatile CircuitState _state;
    private CircuitReason _reason;
    private long _openUntil;
    private int _connectFailures;
    private TaskCompletionSource? _verdict;

    public UpstreamCircuit(UpstreamCircuitBreakerOptions options, TimeProvider timeProvider, Action<CircuitState, CircuitReason> changed)
    {
        _options = options;
        _time = timeProvider;
        _changed = changed;
        _slotTicks = Math.Max(1, (long)(options.SamplingDuration.TotalSeconds * timeProvider.TimestampFrequency / Slots));
        _origin = timeProvider.GetTimestamp();
        Array.Fill(_slotIndex, -1);
    }

    public CircuitState State => _state;

    /// <summary>How many times the circuit opened (tests and diagnostics).</summary>
    public int Openings { get; private set; }

    /// <summary>
    /// Lets a call through (<see cref="CircuitPermit.Allowed"/>, or as the probe), or refuses it with the time until the
    /// next probe. While the upstream failed (not unreachable) a call waits up to <paramref name="budget"/> (and
    /// <see cref="UpstreamCircuitBreakerOptions.MaxWaitWhileOpen"/>) for the probe's verdict.
    /// </summary>
    public async ValueTask<CircuitPermit> EnterAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        if (_state == CircuitState.Closed)
        {
            return CircuitPermit.Allowed;
        }

        var wait = budget < _options.MaxWaitWhileOpen ? budget : _options.MaxWaitWhileOpen;
        var waitUntil = _time.GetTimestamp() + (long)(Math.Max(0, wait.TotalSeconds) * _time.TimestampFrequency);
        while (true)
        {
            Task pending;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                switch (_state)
                {
                    case CircuitState.Closed:
                        return CircuitPermit.Allowed;
                    case CircuitState.Open when now >= _openUntil:
                        _state = CircuitState.HalfOpen;
                        _verdict = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        _changed(CircuitState.HalfOpen, _reason);
                        return CircuitPermit.Probe;
                    case CircuitState.Open:
                        if (_reason == CircuitReason.Unreachable || _openUntil > waitUntil)
                        {
                            return CircuitPermit.Refused(Seconds(_openUntil - now));
                        }

                        pending = Task.Delay(Seconds(_openUntil - now), _time, cancellationToken);
                        break;
                    default:
                        if (_reason == CircuitReason.Unreachable || now >= waitUntil)
                        {
                            return CircuitPermit.Refused(_options.BreakDuration);
                        }

                        pending = _verdict!.Task.WaitAsync(Seconds(waitUntil - now), _time, cancellationToken);
                        break;
                }
            }

            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return CircuitPermit.Refused(_options.BreakDuration);
            }
        }
    }

    /// <summary>True while the circuit is open (or probing) because the upstream cannot be reached: retries of calls already under way stop.</summary>
    public bool Unreachable => _state != CircuitState.Closed && _reason == CircuitReason.Unreachable;

    /// <summary>One attempt ended: a streak of attempts that could not connect opens the circuit; any answer ends the streak.</summary>
    public void OnAttempt(AttemptResult result)
    {
        if (IsConnectFailure(result))
        {
            lock (_lock)
            {
                if (++_connectFailures >= _options.ConsecutiveConnectFailures && _state == CircuitState.Closed)
                {
                    Open(CircuitReason.Unreachable);
                }
            }
        }
        else if (Volatile.Read(ref _connectFailures) != 0 && Answered(result))
        {
            lock (_lock)
            {
                _connectFailures = 0;
            }
        }
    }

    /// <summary>
    /// A call ended with <paramref name="final"/> (null: it was cancelled or refused before reaching the upstream).
    /// Its outcome is sampled, or, for the probe, decides: closed again, or open for another break.
    /// </summary>
    public void OnCall(bool probe, AttemptResult? final)
    {
        var failed = final is not null && IsUnavailability(final);
        lock (_lock)
        {
            if (probe)
            {
                if (final is null)
                {
                    // No verdict (the probe was cancelled): the next call probes.
                    _state = CircuitState.Open;
                    _openUntil = _time.GetTimestamp();
                }
                else if (failed)
                {
                    Open(IsConnectFailure(final) ? CircuitReason.Unreachable : _reason);
                }
                else
                {
                    Array.Fill(_slotIndex, -1);
                    _connectFailures = 0;
                    _state = CircuitState.Closed;
                    _changed(CircuitState.Closed, _reason);
                }

                var verdict = _verdict;
                _verdict = null;
                verdict?.TrySetResult();
                return;
            }

            if (final is null || _state != CircuitState.Closed)
            {
                return;
            }

            var slot = Current();
            _calls[slot]++;
            if (!failed)
            {
                return;
            }

            _failures[slot]++;
            var (calls, failures) = Totals();
            if (calls >= _options.MinimumThroughput && failures >= _options.FailureRatio * calls)
            {
                Open(CircuitReason.Failing);
            }
        }
    }

    /// <summary>A final outcome that says the upstream is not serving: a server error other than 529, a timeout before the answer, a broken connection.</summary>
    internal static bool IsUnavailability(AttemptResult result) => !result.IsSuccess && result.Kind switch
    {
        UpstreamErrorKind.HttpStatus or UpstreamErrorKind.StreamError => result.StatusCode >= 500 && result.StatusCode != 529,
        UpstreamErrorKind.ConnectTimeout or UpstreamErrorKind.TlsHandshakeTimeout or UpstreamErrorKind.ResponseHeadersTimeout
            or UpstreamErrorKind.FirstTokenTimeout or UpstreamErrorKind.ConnectionFailed or UpstreamErrorKind.StreamInterrupted
            or UpstreamErrorKind.ProtocolViolation => true,
        _ => false,
    };

    /// <summary>The attempt could not open a connection at all: refused, unreachable, connect or TLS timeout.</summary>
    internal static bool IsConnectFailure(AttemptResult result) => !result.IsSuccess && result.Kind switch
    {
        UpstreamErrorKind.ConnectTimeout or UpstreamErrorKind.TlsHandshakeTimeout => true,
        UpstreamErrorKind.ConnectionFailed => result.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError },
        _ => false,
    };

    private static bool Answered(AttemptResult result)
        => result.IsSuccess || result.Kind is UpstreamErrorKind.HttpStatus or UpstreamErrorKind.StreamError;

    private void Open(CircuitReason reason)
    {
        Openings++;
        _reason = reason;
        _state = CircuitState.Open;
        _openUntil = _time.GetTimestamp() + (long)(_options.BreakDuration.TotalSeconds * _time.TimestampFrequency);
        _changed(CircuitState.Open, reason);
    }

    private TimeSpan Seconds(long ticks) => TimeSpan.FromSeconds(Math.Max(0, ticks) / (double)_time.TimestampFrequency);

    private int Current()
    {
        var index = (_time.GetTimestamp() - _origin) / _slotTicks;
        var slot = (int)(index % Slots);
        if (_slotIndex[slot] != index)
        {
            _slotIndex[slot] = index;
            _calls[slot] = 0;
            _failures[slot] = 0;
        }

        return slot;
    }

    private (int Calls, int Failures) Totals()
    {
        var index = (_time.GetTimestamp() - _origin) / _slotTicks;
        int calls = 0, failures = 0;
        for (var i = 0; i < Slots; i++)
        {
            if (_slotIndex[i] >= 0 && index - _slotIndex[i] < Slots)
            {
                calls += _calls[i];
                failures += _failures[i];
            }
        }

        return (calls, failures);
    }
}

/// <summary>The breaker's state.</summary>
internal enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>Why the breaker opened.</summary>
internal enum CircuitReason
{
    /// <summary>Calls failed after their retries (5xx, timeouts, broken connections).</summary>
    Failing,

    /// <summary>Attempts in a row could not connect: nothing answers there.</summary>
    Unreachable,
}

/// <summary>The breaker's answer to a call: go, go as the probe, or refused with the time until the next probe.</summary>
internal readonly record struct CircuitPermit(bool IsAllowed, bool IsProbe, TimeSpan RetryAfter)
{
    public static CircuitPermit Allowed => new(true, false, TimeSpan.Zero);

    public static CircuitPermit Probe => new(true, true, TimeSpan.Zero);

    public static CircuitPermit Refused(TimeSpan retryAfter) => new(false, false, retryAfter);
}
