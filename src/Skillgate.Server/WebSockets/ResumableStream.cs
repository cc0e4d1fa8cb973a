namespace Skillgate.Server.WebSockets;

/// <summary>
/// One stream's frames, kept in order (frame <c>i</c> has sequence number <c>i + 1</c>) so that a client that
/// reconnects can get the rest. One producer appends; at most one socket at a time reads. While a socket is
/// attached, the producer may run at most <c>maxUnsent</c> frames ahead of it: that is the backpressure that
/// pauses the upstream read when the reader is slow. A reader that opted in to flow control (a window) gets event
/// frames only while it has credit; the final frame needs none.
/// </summary>
internal sealed class ResumableStream(string id, string tenant, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<byte[]> _frames = [];
    private TaskCompletionSource? _dataWaiter;
    private TaskCompletionSource? _spaceWaiter;
    private object? _owner;
    private int _cursor;
    private int _window;
    private int _credit;
    private long _stalledSince;
    private long _keptBytes;
    private bool _completed;
    private long _idleSince = time.GetTimestamp();

    public string Id { get; } = id;

    public string Tenant { get; } = tenant;

    /// <summary>Cancels the producer (a cancel frame, an expired window, shutdown).</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The reader the frames go to now, if any.</summary>
    public object? Owner
    {
        get
        {
            lock (_lock)
            {
                return _owner;
            }
        }
    }

    /// <summary>The sequence number the next appended frame gets.</summary>
    public int NextSeq
    {
        get
        {
            lock (_lock)
            {
                return _frames.Count + 1;
            }
        }
    }

    /// <summary>The bytes of all frames kept for a resume.</summary>
    public long KeptBytes
    {
        get
        {
            lock (_lock)
            {
                return _keptBytes;
            }
        }
    }

    /// <summary>True when no reader is attached and the kept frames exceed <paramref name="maxKeptBytes"/>.</summary>
    public bool IsDetachedOver(long maxKeptBytes)
    {
        lock (_lock)
        {
            return _owner is null && _keptBytes > maxKeptBytes;
        }
    }

    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    /// <summary>How long the stream has had no reader, or has been finished; zero while a reader is attached to a live stream.</summary>
    public TimeSpan IdleFor
    {
        get
        {
            lock (_lock)
            {
                return _owner is not null && !_completed ? TimeSpan.Zero : time.GetElapsedTime(_idleSince);
            }
        }
    }

    /// <summary>Appends a frame; waits while an attached reader is <paramref name="maxUnsent"/> frames behind.</summary>
    /// <returns>False when the reader stayed that far behind for <paramref name="slowReaderTimeout"/>: it is too slow.</returns>
    public async ValueTask<bool> AppendAsync(byte[] frame, int maxUnsent, TimeSpan slowReaderTimeout, CancellationToken cancellationToken)
    {
        Task wait;
        lock (_lock)
        {
            _frames.Add(frame);
            _keptBytes += frame.Length;
            Signal(ref _dataWaiter);
            if (_owner is null || _frames.Count - _cursor <= maxUnsent)
            {
                return true;
            }

            _spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _spaceWaiter.Task;
        }

        while (true)
        {
            try
            {
                await wait.WaitAsync(slowReaderTimeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                lock (_lock)
                {
                    // A windowed reader paused at zero credit is timed out per stream by its socket, not here.
                    if (_window == 0)
                    {
                        return false;
                    }
                }
            }

            lock (_lock)
            {
                if (_owner is null || _frames.Count - _cursor <= maxUnsent)
                {
                    return true;
                }

                _spaceWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _spaceWaiter.Task;
            }
        }
    }

    /// <summary>Appends the last frame and marks the stream finished.</summary>
    public void Complete(byte[] finalFrame)
    {
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _frames.Add(finalFrame);
            _keptBytes += finalFrame.Length;
            _completed = true;
            _idleSince = time.GetTimestamp();
            Signal(ref _dataWaiter);
        }
    }

    /// <summary>
    /// Makes <paramref name="owner"/> the reader, starting after sequence number <paramref name="lastSeq"/>, with a
    /// flow-control <paramref name="window"/> of events (0: none, frames go out as fast as the socket takes them).
    /// </summary>
    public bool TryAttach(object owner, int lastSeq, int window = 0)
    {
        lock (_lock)
        {
            if (lastSeq < 0 || lastSeq > _frames.Count)
            {
                return false;
            }

            _owner = owner;
            _cursor = lastSeq;
            _window = window;
            _credit = window;
            _stalledSince = 0;
            Signal(ref _dataWaiter);
            Signal(ref _spaceWaiter);
            return true;
        }
    }

    /// <summary>Lets go of the stream if <paramref name="owner"/> holds it; the producer goes on, unthrottled, for a later resume.</summary>
    public void Detach(object owner)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_owner, owner))
            {
                return;
            }

            Release();
        }
    }

    /// <summary>Adds <paramref name="events"/> to the credit of a windowed reader.</summary>
    public CreditResult Grant(object owner, int events)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(_owner, owner))
            {
                return CreditResult.NotAttached;
            }

            if (_window == 0)
            {
                return CreditResult.NoWindow;
            }

            if ((long)_credit + events > ClientFrame.MaxCredit)
            {
                return CreditResult.OverCap;
            }

            _credit += events;
            _stalledSince = 0;
            Signal(ref _dataWaiter);
            return CreditResult.Granted;
        }
    }

    /// <summary>
    /// Lets go of the stream if <paramref name="owner"/> is a windowed reader that has had a frame waiting at zero
    /// credit for longer than <paramref name="timeout"/>; <paramref name="lastSeq"/> is the last frame it got.
    /// </summary>
    public bool TryDetachStalled(object owner, TimeSpan timeout, out int lastSeq)
    {
        lock (_lock)
        {
            lastSeq = _cursor;
            if (!ReferenceEquals(_owner, owner) || _window == 0 || _stalledSince == 0 || time.GetElapsedTime(_stalledSince) <= timeout)
            {
                return false;
            }

            Release();
            return true;
        }
    }

    /// <summary>The next frame for <paramref name="owner"/>, or null once all are sent or the stream was taken away.</summary>
    public async ValueTask<byte[]?> NextAsync(object owner, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (!ReferenceEquals(_owner, owner))
                {
                    return null;
                }

                var isFinal = _completed && _cursor == _frames.Count - 1;
                if (_cursor < _frames.Count && (_window == 0 || _credit > 0 || isFinal))
                {
                    if (_window != 0 && !isFinal)
                    {
                        _credit--;
                    }

                    var frame = _frames[_cursor++];
                    Signal(ref _spaceWaiter);
                    return frame;
                }

                if (_cursor < _frames.Count && _stalledSince == 0)
                {
                    // A frame waits and the reader has no credit: the stream is paused.
                    _stalledSince = time.GetTimestamp();
                }

                if (_completed && _cursor >= _frames.Count)
                {
                    return null;
                }

                _dataWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _dataWaiter.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    private void Release()
    {
        _owner = null;
        _window = 0;
        _credit = 0;
        _stalledSince = 0;
        _idleSince = time.GetTimestamp();
        Signal(ref _dataWaiter);
        Signal(ref _spaceWaiter);
    }

    private static void Signal(ref TaskCompletionSource? waiter)
    {
        waiter?.TrySetResult();
        waiter = null;
    }
}
