using System.Runtime.CompilerServices;

namespace Skillgate.Upstream;

/// <summary>
/// An open streaming answer whose first token has arrived. <see cref="ReadEventsAsync"/> yields the upstream's SSE
/// bytes unchanged, in runs of whole events; if the upstream fails from here on (cut, stall, error), the last run
/// is an Anthropic-shaped <c>event: error</c> and the enumeration ends. Dispose to release the connection.
/// </summary>
public sealed class UpstreamStream : IAsyncDisposable
{
    private readonly UpstreamClient _client;
    private readonly CallState _state;
    private readonly AttemptResult _attempt;
    private readonly Action _rearm;
    private int _started;
    private int _finished;
    private int _reading;

    internal UpstreamStream(UpstreamClient client, CallState state, AttemptResult attempt)
    {
        _client = client;
        _state = state;
        _attempt = attempt;
        _rearm = attempt.Timer!.Rearm;
        RequestId = attempt.RequestId;
        Headers = attempt.Headers;
        Attempts = state.Attempts;
        KeyFingerprint = state.KeyFingerprint;
        QueueWait = state.QueueWait;
    }

    /// <summary>The upstream's <c>request-id</c>.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// The upstream's response headers a caller should see: <c>request-id</c>, <c>anthropic-ratelimit-*</c> (and other
    /// <c>anthropic-*</c>), <c>retry-after</c>, <c>retry-after-ms</c>, <c>x-should-retry</c>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Attempts made before the stream started, the successful one included.</summary>
    public int Attempts { get; }

    /// <summary>The <see cref="UpstreamSecret.Fingerprint"/> of the key that serves the stream.</summary>
    public string? KeyFingerprint { get; }

    /// <summary>How long the call waited for admission, summed over its attempts; zero without a scheduler.</summary>
    public TimeSpan QueueWait { get; }

    /// <summary>Usage sniffed so far (final once the enumeration ended).</summary>
    public UpstreamUsage Usage => _attempt.Reader?.State.Usage ?? FinalUsage;

    /// <summary>The stop reason, once <c>message_delta</c> carried it.</summary>
    public string? StopReason => _attempt.Reader?.State.StopReason ?? FinalStopReason;

    /// <summary>Why the stream ended early, or null when it ended with <c>message_stop</c> (or is still open).</summary>
    public UpstreamErrorKind? Error { get; private set; }

    private UpstreamUsage FinalUsage { get; set; }

    private string? FinalStopReason { get; set; }

    /// <summary>The largest read buffer the stream held (final once the enumeration ended).</summary>
    internal int PeakBufferBytes => _attempt.Reader?.PeakBufferCapacity ?? FinalPeakBufferBytes;

    private int FinalPeakBufferBytes { get; set; }

    /// <summary>
    /// Yields the stream's bytes as runs of complete SSE events, exactly as the upstream sent them. A run's memory
    /// is valid until the next iteration. Can be enumerated once.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("An upstream stream can be read once.");
        }

        var ended = false;
        try
        {
            var first = _attempt.FirstRun;
            if (Volatile.Read(ref _finished) != 0)
            {
                yield break;
            }

            var timer = _attempt.Timer!;
            timer.LinkCaller(cancellationToken);
            yield return first.Bytes;
            if (first.HasMessageStop || first.HasError)
            {
                Error = first.HasError ? UpstreamErrorKind.StreamError : null;
                ended = true;
                yield break;
            }

            while (true)
            {
                var (run, failure) = await ReadRunAsync(timer).ConfigureAwait(false);
                if (failure is { } kind)
                {
                    Error = kind;
                    ended = true;
                    yield return ErrorEventFor(kind);
                    yield break;
                }

                if (run.IsEndOfStream)
                {
                    Error = UpstreamErrorKind.StreamInterrupted;
                    ended = true;
                    yield return ErrorEventFor(UpstreamErrorKind.StreamInterrupted);
                    yield break;
                }

                yield return run.Bytes;
                if (run.HasMessageStop || run.HasError)
                {
                    Error = run.HasError ? UpstreamErrorKind.StreamError : null;
                    ended = true;
                    yield break;
                }
            }
        }
        finally
        {
            Finish(cancelled: !ended);
        }
    }

    /// <summary>
    /// Copies the stream to <paramref name="destination"/> (e.g. an HTTP response body), flushing after every run
    /// of events so that each token reaches the caller at once.
    /// </summary>
    /// <param name="destination">Where the SSE bytes go.</param>
    /// <param name="cancellationToken">Stops the copy and the upstream stream.</param>
    /// <returns>The bytes copied.</returns>
    public async Task<long> CopyToAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        long copied = 0;
        await foreach (var run in ReadEventsAsync(cancellationToken).ConfigureAwait(false))
        {
            await destination.WriteAsync(run, cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            copied += run.Length;
        }

        return copied;
    }

    /// <summary>Releases the connection and the key lease; safe at any point.</summary>
    public ValueTask DisposeAsync()
    {
        Finish(cancelled: true);
        return ValueTask.CompletedTask;
    }

    private async ValueTask<(SseRun Run, UpstreamErrorKind? Failure)> ReadRunAsync(AttemptTimer timer)
    {
        // Paired with Finish: either Finish sees this read in flight (and abandons the pooled buffer instead of
        // returning it), or this read sees the stream finished and does not start.
        Interlocked.Exchange(ref _reading, 1);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _finished) != 0, this);
            var run = await _attempt.Reader!.ReadRunAsync(_rearm, timer.Token).ConfigureAwait(false);
            timer.Pause();
            return (run, null);
        }
        catch (OperationCanceledException) when (timer.TimedOut is { } kind)
        {
            return (default, kind);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !timer.CallerCancelled)
        {
            return (default, UpstreamErrorKind.StreamInterrupted);
        }
        catch (InvalidDataException)
        {
            return (default, UpstreamErrorKind.ProtocolViolation);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private static ReadOnlyMemory<byte> ErrorEventFor(UpstreamErrorKind kind) => kind switch
    {
        UpstreamErrorKind.IdleTimeout => IdleTimeoutEvent,
        UpstreamErrorKind.ProtocolViolation => OversizedEvent,
        _ => InterruptedEvent,
    };

    private static readonly byte[] IdleTimeoutEvent = UpstreamErrorEvent.Create("timeout_error", "The upstream stopped sending in the middle of the answer.");
    private static readonly byte[] InterruptedEvent = UpstreamErrorEvent.Create("api_error", "The upstream connection ended in the middle of the answer.");
    private static readonly byte[] OversizedEvent = UpstreamErrorEvent.Create(
        "api_error", $"The upstream sent an event larger than {SseLimits.MaxEventBytes} bytes in the middle of the answer.");

    private void Finish(bool cancelled)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return;
        }

        var reader = _attempt.Reader;
        var usage = reader?.State.Usage ?? default;
        FinalUsage = usage;
        FinalStopReason = reader?.State.StopReason;
        FinalPeakBufferBytes = reader?.PeakBufferCapacity ?? 0;
        var lease = _attempt.Lease;
        if (!cancelled && lease is not null)
        {
            var failed = Error is not null;
            var status = _attempt.Response is { } response ? (int)response.StatusCode : 0;
            lease.Report(new UpstreamKeyOutcome(
                failed ? UpstreamKeyOutcomeKind.Failed : UpstreamKeyOutcomeKind.Success, status, usage, null, _attempt.Response?.Headers));
        }

        _attempt.Dispose(abandonBuffers: Interlocked.CompareExchange(ref _reading, 0, 0) != 0);
        _client.OnStreamFinished(_state, usage, Error, FinalStopReason);
    }
}
