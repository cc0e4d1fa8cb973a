using System.Buffers;
using System.Numerics;

namespace Skillgate.Upstream;

/// <summary>
/// Splits an SSE byte stream into runs of complete events without copying or re-serializing them, and sniffs
/// usage, stop and error events on the way. Events end at a blank line (<c>\n\n</c> or <c>\r\n\r\n</c>).
/// The bytes it holds (the event being read, plus the events kept since <see cref="Retain"/>) are bounded by
/// <see cref="SseLimits.MaxEventBytes"/>, so its buffer never grows past twice that.
/// </summary>
internal sealed class SseStreamReader : IDisposable
{
    // The buffer a read fills; it grows for larger events. Events are well under 1 KB.
    private const int ReadBufferSize = 4 * 1024;

    // While a stream waits for data (most streams, most of the time: before the first token, between tokens) it
    // holds no buffer, or at most one this small for the events it keeps (the prelude before the first token).
    private const int ParkedBufferSize = 1024;

    private readonly Stream _stream;
    private readonly int _readBufferSize;
    private readonly int _parkedBufferSize;
    private readonly int _maxEventBytes;
    private byte[] _buffer = [];
    private volatile bool _abandoned;
    private int _start;
    private int _end;
    private int _scanned;
    private int _retainStart = -1;
    private SseSniffState _state;

    public SseStreamReader(Stream stream, int readBufferSize = ReadBufferSize, int maxEventBytes = SseLimits.MaxEventBytes)
    {
        _stream = stream;
        _readBufferSize = readBufferSize;
        _parkedBufferSize = Math.Min(ParkedBufferSize, readBufferSize);
        _maxEventBytes = maxEventBytes;
    }

    public ref SseSniffState State => ref _state;

    /// <summary>The bytes of buffer this reader holds now (0 while it waits with nothing kept).</summary>
    public int BufferCapacity => _buffer.Length;

    /// <summary>The largest buffer this reader has held.</summary>
    public int PeakBufferCapacity { get; private set; }

    /// <summary>True when the stream ended in the middle of an event.</summary>
    public bool EndedMidEvent { get; private set; }

    /// <summary>
    /// Reads until at least one complete event is buffered and returns every complete event buffered, stopping
    /// after an <c>event: error</c>. An empty run means the stream ended.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// An event (or the events kept since <see cref="Retain"/> with it) is larger than the limit; the stream is unusable.
    /// </exception>
    public async ValueTask<SseRun> ReadRunAsync(Action? beforeRead, CancellationToken cancellationToken)
    {
        var runStart = _start;
        while (true)
        {
            var run = TakeEvents(runStart);
            if (!run.IsEndOfStream)
            {
                return run;
            }

            if (IsOverLimit(_end, complete: false))
            {
                throw OverLimit(_end, complete: false);
            }

            Compact(ref runStart);
            beforeRead?.Invoke();
            await WaitForDataAsync(cancellationToken).ConfigureAwait(false);
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                EndedMidEvent = _end > _start;
                return default;
            }

            _end += read;
        }
    }

    /// <summary>Keeps every event read from now on in the buffer until <see cref="TakeRetained"/> (the prelude of a stream).</summary>
    public void Retain() => _retainStart = _start;

    /// <summary>All events read since <see cref="Retain"/>, as one run; valid until the next read.</summary>
    public ReadOnlyMemory<byte> TakeRetained()
    {
        var retained = _buffer.AsMemory(_retainStart, _start - _retainStart);
        _retainStart = -1;
        return retained;
    }

    /// <summary>Drops the buffer without returning it to the pool (a read may still write into it).</summary>
    public void Abandon()
    {
        _abandoned = true;
        _buffer = [];
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Parks the buffer (returned to the pool, or shrunk to fit the events kept), waits for data with a zero-byte
    /// read, then takes a full read buffer again. Ten thousand waiting streams so hold at most 1 KB each instead of 4.
    /// </summary>
    private async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        if (_end == 0)
        {
            Resize(0);
        }
        else if (_end < _parkedBufferSize && _buffer.Length > _parkedBufferSize)
        {
            // The smallest pooled size that fits what is kept (a prelude is usually 400-600 bytes).
            Resize((int)Math.Min(_parkedBufferSize, BitOperations.RoundUpToPowerOf2((uint)_end + 1)));
        }

        _ = await _stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        var size = Math.Max(_buffer.Length, _readBufferSize);
        Resize(_end == size ? size * 2 : size);

        if (_abandoned)
        {
            // Abandoned while waiting: the buffer just taken must not be read into, nor reach the pool twice.
            _buffer = [];
            throw new ObjectDisposedException(nameof(SseStreamReader));
        }
    }

    /// <summary>
    /// Whether the event ending at <paramref name="end"/> (with the events kept before it) is larger than the limit;
    /// an incomplete event needs at least one more byte, so reaching the limit is enough.
    /// </summary>
    private bool IsOverLimit(int end, bool complete) =>
        end - (_retainStart >= 0 ? _retainStart : _start) + (complete ? 0 : 1) > _maxEventBytes;

    private InvalidDataException OverLimit(int end, bool complete) => new(end - _start + (complete ? 0 : 1) > _maxEventBytes
        ? $"A server-sent event from the upstream is larger than {_maxEventBytes} bytes."
        : $"The events the upstream sent before its first token are larger than {_maxEventBytes} bytes.");

    private void Resize(int size)
    {
        if (_buffer.Length == size)
        {
            return;
        }

        var old = _buffer;
        var next = size == 0 ? [] : ArrayPool<byte>.Shared.Rent(size);
        old.AsSpan(0, _end).CopyTo(next);
        _buffer = next;
        PeakBufferCapacity = Math.Max(PeakBufferCapacity, next.Length);
        if (old.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(old);
        }
    }

    private SseRun TakeEvents(int runStart)
    {
        bool firstToken = false, stop = false, error = false;
        while (!error && TryFindEventEnd(out var eventEnd))
        {
            if (IsOverLimit(eventEnd, complete: true))
            {
                // The events before it still reach the caller; the next read fails on it.
                if (_start == runStart)
                {
                    throw OverLimit(eventEnd, complete: true);
                }

                break;
            }

            var kind = SseSniffer.Sniff(_buffer.AsSpan(_start, eventEnd - _start), ref _state);
            firstToken |= SseSniffer.IsFirstToken(kind);
            stop |= kind == SseEventKind.MessageStop;
            error |= kind == SseEventKind.Error;
            _start = eventEnd;
            _scanned = eventEnd;
        }

        return _start == runStart
            ? default
            : new SseRun(_buffer.AsMemory(runStart, _start - runStart), firstToken, stop, error);
    }

    private bool TryFindEventEnd(out int eventEnd)
    {
        var from = Math.Max(_scanned, _start);
        while (true)
        {
            var span = _buffer.AsSpan(from, _end - from);
            var newline = span.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _scanned = Math.Max(_start, _end - 2);
                eventEnd = 0;
                return false;
            }

            var at = from + newline;
            if (at + 1 < _end && _buffer[at + 1] == (byte)'\n')
            {
                eventEnd = at + 2;
                return true;
            }

            if (at + 2 < _end && _buffer[at + 1] == (byte)'\r' && _buffer[at + 2] == (byte)'\n')
            {
                eventEnd = at + 3;
                return true;
            }

            if (at + 2 >= _end)
            {
                // A boundary may straddle the next read: rescan from this newline.
                _scanned = at;
                eventEnd = 0;
                return false;
            }

            from = at + 1;
        }
    }

    private void Compact(ref int runStart)
    {
        var keep = _retainStart >= 0 ? _retainStart : _start;
        if (keep > 0)
        {
            var pending = _end - keep;
            _buffer.AsSpan(keep, pending).CopyTo(_buffer);
            _scanned -= keep;
            _start -= keep;
            runStart -= keep;
            _retainStart = _retainStart >= 0 ? _retainStart - keep : -1;
            _end = pending;
        }

        if (_end > 0 && _end == _buffer.Length)
        {
            Resize(_buffer.Length * 2);
        }
    }
}
