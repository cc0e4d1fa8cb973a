namespace Skillgate.Upstream;

/// <summary>
/// The push counterpart of <see cref="SseStreamReader"/>: fed an SSE byte stream chunk by chunk as it arrives (chunks
/// split anywhere; <c>\n</c>, <c>\r\n</c> or <c>\r</c> line ends; comments ignored), it hands each complete event's
/// name and data to a callback and sniffs usage, stop, error and the first token with <see cref="SseSniffer"/> on
/// the way. For callers that pass the bytes on themselves, such as the gateway's sinks.
/// </summary>
/// <param name="maxEventBytes">The largest event accepted (default 8 MiB); a larger one throws <see cref="InvalidDataException"/>.</param>
public sealed class SsePushReader(int maxEventBytes = SseLimits.MaxEventBytes)
{
    private static readonly byte[] DefaultEventName = "message"u8.ToArray();
    private byte[] _line = [];
    private int _lineLength;
    private byte[] _data = [];
    private int _dataLength;
    private byte[] _eventName = [];
    private int _eventNameLength;
    private bool _hasData;
    private bool _hasField;
    private bool _lastWasCarriageReturn;
    private SseSniffState _state;

    /// <summary>Receives one complete event; the spans are valid only during the call.</summary>
    public delegate void EventHandler(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data);

    /// <summary>What the events so far reported: usage, stop reason, error.</summary>
    internal ref SseSniffState State => ref _state;

    /// <summary>An event that means content is flowing has been read (see <see cref="SseSniffer.IsFirstToken"/>).</summary>
    public bool HasFirstToken { get; private set; }

    /// <summary>
    /// Feeds the next chunk of the stream; <paramref name="onEvent"/>, if given, is called for each event with data
    /// that the chunk completes (an event without a <c>data</c> field is sniffed but not dispatched).
    /// </summary>
    /// <exception cref="InvalidDataException">An event is larger than the limit.</exception>
    public void Feed(ReadOnlySpan<byte> chunk, EventHandler? onEvent = null)
    {
        if (_lastWasCarriageReturn && chunk.Length > 0)
        {
            _lastWasCarriageReturn = false;
            if (chunk[0] == (byte)'\n')
            {
                chunk = chunk[1..];
            }
        }

        while (chunk.Length > 0)
        {
            var end = chunk.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0)
            {
                Append(ref _line, ref _lineLength, chunk);
                return;
            }

            if (_lineLength == 0)
            {
                ProcessLine(chunk[..end], onEvent);
            }
            else
            {
                Append(ref _line, ref _lineLength, chunk[..end]);
                ProcessLine(_line.AsSpan(0, _lineLength), onEvent);
                _lineLength = 0;
            }

            if (chunk[end] == (byte)'\r')
            {
                if (end + 1 == chunk.Length)
                {
                    _lastWasCarriageReturn = true;
                    return;
                }

                if (chunk[end + 1] == (byte)'\n')
                {
                    end++;
                }
            }

            chunk = chunk[(end + 1)..];
        }
    }

    private void ProcessLine(ReadOnlySpan<byte> line, EventHandler? onEvent)
    {
        if (line.IsEmpty)
        {
            EndEvent(onEvent);
            return;
        }

        switch (SseLine.Parse(line, out var value))
        {
            case SseLine.Field.Data:
                Append(ref _data, ref _dataLength, value);
                Append(ref _data, ref _dataLength, "\n"u8);
                _hasData = _hasField = true;
                break;
            case SseLine.Field.Event:
                _eventNameLength = 0;
                Append(ref _eventName, ref _eventNameLength, value);
                _hasField = true;
                break;
        }
    }

    private void EndEvent(EventHandler? onEvent)
    {
        if (_hasField)
        {
            var data = _data.AsSpan(0, _dataLength > 0 ? _dataLength - 1 : 0);
            var kind = SseSniffer.Sniff(_eventName.AsSpan(0, _eventNameLength), data, ref _state);
            HasFirstToken |= SseSniffer.IsFirstToken(kind);
            if (_hasData && onEvent is not null)
            {
                onEvent(_eventNameLength > 0 ? _eventName.AsSpan(0, _eventNameLength) : DefaultEventName, data);
            }
        }

        _dataLength = 0;
        _eventNameLength = 0;
        _hasData = _hasField = false;
    }

    private void Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        var needed = length + bytes.Length;
        if (needed > maxEventBytes)
        {
            throw new InvalidDataException($"A server-sent event is larger than {maxEventBytes} bytes.");
        }

        if (needed > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Min(maxEventBytes, Math.Max(needed, Math.Max(256, buffer.Length * 2))));
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length = needed;
    }
}
