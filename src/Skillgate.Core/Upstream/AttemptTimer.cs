namespace Skillgate.Upstream;

/// <summary>
/// One cancellation source per attempt that carries both the caller's cancellation and the current phase's timeout
/// (driven by the injected <see cref="TimeProvider"/>). Moving to the next phase re-arms the timer; the idle phase
/// re-arms it on every read. When the token fires, <see cref="TimedOut"/> says which timeout it was, or null when
/// the caller cancelled.
/// </summary>
internal sealed class AttemptTimer : IDisposable
{
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly CancellationTokenSource _cts;
    private readonly CancellationTokenRegistration _callerRegistration;
    private CancellationTokenRegistration _secondCallerRegistration;
    private volatile bool _callerCancelled;
    private UpstreamErrorKind _phase;
    private TimeSpan _phaseTimeout;
    private int _firedPhase = -1;

    public AttemptTimer(TimeProvider timeProvider, CancellationToken callerToken)
    {
        _cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        _cts.Token.UnsafeRegister(static state => ((AttemptTimer)state!).OnFired(), this);
        _callerRegistration = callerToken.UnsafeRegister(static state => ((AttemptTimer)state!).CancelQuietly(), this);
    }

    public CancellationToken Token => _cts.Token;

    public UpstreamErrorKind Phase => _phase;

    /// <summary>The timeout that fired, or null if none did (or the caller cancelled first).</summary>
    public UpstreamErrorKind? TimedOut
    {
        get
        {
            var fired = Volatile.Read(ref _firedPhase);
            return fired < 0 || _callerCancelled ? null : (UpstreamErrorKind)fired;
        }
    }

    /// <summary>Whether a caller's token cancelled the attempt.</summary>
    public bool CallerCancelled => _callerCancelled;

    /// <summary>Links a second caller token (the reader's, for a stream opened with another token).</summary>
    public void LinkCaller(CancellationToken callerToken)
    {
        if (callerToken.CanBeCanceled)
        {
            _secondCallerRegistration.Dispose();
            _secondCallerRegistration = callerToken.UnsafeRegister(static state => ((AttemptTimer)state!).CancelQuietly(), this);
        }
    }

    /// <summary>Starts <paramref name="phase"/> with its own timeout, armed at once unless <paramref name="armed"/> is false.</summary>
    public void Enter(UpstreamErrorKind phase, TimeSpan timeout, bool armed = true)
    {
        _phase = phase;
        _phaseTimeout = timeout == Timeout.InfiniteTimeSpan || timeout > MaxTimer ? Timeout.InfiniteTimeSpan : (timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);
        if (armed)
        {
            Rearm();
        }
        else
        {
            Pause();
        }
    }

    /// <summary>Stops the clock while the caller, not the upstream, is busy (a slow reader is not an idle upstream).</summary>
    public void Pause()
    {
        if (!_cts.IsCancellationRequested)
        {
            _cts.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Restarts the current phase's timeout (idle timeout: called before every read).</summary>
    public void Rearm()
    {
        if (!_cts.IsCancellationRequested)
        {
            _cts.CancelAfter(_phaseTimeout);
        }
    }

    public void Dispose()
    {
        _callerRegistration.Dispose();
        _secondCallerRegistration.Dispose();
        _cts.Dispose();
    }

    private void OnFired() => Interlocked.CompareExchange(ref _firedPhase, (int)_phase, -1);

    private void CancelQuietly()
    {
        _callerCancelled = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt already finished.
        }
    }
}
