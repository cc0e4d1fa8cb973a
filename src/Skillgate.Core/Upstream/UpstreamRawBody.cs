namespace Skillgate.Upstream;

/// <summary>
/// The unread body of a raw response: the upstream's content stream, each read under the attempt's idle timeout
/// (re-armed per read, paused while the caller is busy). Disposing releases the response, the timer and the call.
/// </summary>
internal sealed class UpstreamRawBody : Stream
{
    private readonly UpstreamClient _client;
    private readonly CallState _state;
    private readonly AttemptResult _attempt;
    private readonly AttemptTimer _timer;
    private Stream? _content;
    private CancellationToken _linked;
    private int _disposed;

    public UpstreamRawBody(UpstreamClient client, CallState state, AttemptResult attempt)
    {
        _client = client;
        _state = state;
        _attempt = attempt;
        _timer = attempt.Timer!;
    }

    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (cancellationToken.CanBeCanceled && cancellationToken != _linked)
        {
            _timer.LinkCaller(cancellationToken);
            _linked = cancellationToken;
        }

        try
        {
            _timer.Rearm();
            _content ??= await _attempt.Response!.Content.ReadAsStreamAsync(_timer.Token).ConfigureAwait(false);
            var read = await _content.ReadAsync(buffer, _timer.Token).ConfigureAwait(false);
            _timer.Pause();
            return read;
        }
        catch (OperationCanceledException ex) when (_timer.TimedOut is { } kind)
        {
            throw new UpstreamException(kind, 504, "timeout_error", $"Upstream '{_client.Name}' stopped sending in the middle of the body.", ex)
            {
                Attempts = _state.Attempts, RequestId = _attempt.RequestId, KeyFingerprint = _state.KeyFingerprint,
            };
        }
        catch (OperationCanceledException) when (_timer.CallerCancelled)
        {
            throw new OperationCanceledException(cancellationToken.IsCancellationRequested ? cancellationToken : _timer.Token);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !_timer.CallerCancelled && Volatile.Read(ref _disposed) == 0)
        {
            throw new UpstreamException(UpstreamErrorKind.StreamInterrupted, 502, "api_error", $"Upstream '{_client.Name}' connection ended in the middle of the body.", ex)
            {
                Attempts = _state.Attempts, RequestId = _attempt.RequestId, KeyFingerprint = _state.KeyFingerprint,
            };
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // The response first: it aborts a read in flight.
            _attempt.Dispose();
            _client.OnRawFinished(_state);
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
