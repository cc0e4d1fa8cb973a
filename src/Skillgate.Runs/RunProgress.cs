namespace Skillgate.Runs;

/// <summary>A run's live counters, safe to read from another thread (the live view).</summary>
public sealed class RunProgress
{
    private long _done;
    private long _failed;
    private long _inFlight;
    private long _batched;
    private long _inputTokens;
    private long _outputTokens;
    private long _costMicros;
    private long _requests;
    private string _mode = "interactive";

    internal RunProgress(int total, int done, int failed, DateTimeOffset startedAt)
    {
        Total = total;
        _done = done;
        _failed = failed;
        StartedAt = startedAt;
        FinishedBefore = done + failed;
    }

    /// <summary>Items in the run.</summary>
    public int Total { get; }

    /// <summary>Items already finished when this process started (a resumed run).</summary>
    public int FinishedBefore { get; }

    /// <summary>When this process started working on the run.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Items answered.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>Items that failed for good.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Items being sent interactively.</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Items waiting in a Message Batch.</summary>
    public long Batched => Interlocked.Read(ref _batched);

    /// <summary>Items not finished.</summary>
    public long Pending => Total - Done - Failed;

    /// <summary>Input tokens so far (this process).</summary>
    public long InputTokens => Interlocked.Read(ref _inputTokens);

    /// <summary>Output tokens so far (this process).</summary>
    public long OutputTokens => Interlocked.Read(ref _outputTokens);

    /// <summary>Cost so far in US dollars (this process), batch discount applied.</summary>
    public decimal Cost => Interlocked.Read(ref _costMicros) / 1_000_000m;

    /// <summary>Requests sent (interactive calls and batch submissions).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>The current mode: interactive, batch, or interactive+batch.</summary>
    public string Mode => Volatile.Read(ref _mode);

    internal void SetMode(string mode) => Volatile.Write(ref _mode, mode);

    internal void Sent(long count = 1) => Interlocked.Add(ref _requests, count);

    internal void InFlightChanged(long delta) => Interlocked.Add(ref _inFlight, delta);

    internal void BatchedChanged(long delta) => Interlocked.Add(ref _batched, delta);

    internal void Finished(bool done, long inputTokens, long outputTokens, decimal cost)
    {
        Interlocked.Increment(ref done ? ref _done : ref _failed);
        Interlocked.Add(ref _inputTokens, inputTokens);
        Interlocked.Add(ref _outputTokens, outputTokens);
        Interlocked.Add(ref _costMicros, (long)(cost * 1_000_000m));
    }
}
