using System.Text;

namespace Skillgate.Server.Forwarding;

/// <summary>
/// A push parser for server-sent events (the WHATWG rules: <c>\n</c>, <c>\r\n</c> or <c>\r</c> line ends,
/// <c>event:</c> and <c>data:</c> fields, comments ignored), fed chunk by chunk as the bytes arrive.
/// </summary>
internal sealed class SseParser(int maxEventBytes = SseParser.DefaultMaxEventBytes)
{
    public const int DefaultMaxEventBytes = 8 * 1024 * 1024;

    /// <summary>Receives one complete event; the spans are valid only during the call.</summary>
    public delegate void EventHandler(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data);

    private static readonly byte[] DefaultEventName = "message"u8.ToArray();
    private byte[] _line = [];
    private int _lineLength;
    private byte[] _data = [];
    private int _dataLength;
    private byte[] _eventName = [];
    private int _eventNameLength;
    private bool _hasData;
    private bool _lastWasCarriageReturn;

    /// <summary>Feeds the next chunk of the stream; <paramref name="onEvent"/> is called for each event it completes.</summary>
    /// <exception cref="InvalidDataException">An event is larger than the limit.</exception>
    public void Feed(ReadOnlySpan<byte> chunk, EventHandler onEvent)
    {
        ArgumentNullException.ThrowIfNull(onEvent);
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

    private void ProcessLine(ReadOnlySpan<byte> line, EventHandler onEvent)
    {
        if (line.IsEmpty)
        {
            if (_hasData)
            {
                var name = _eventNameLength > 0 ? _eventName.AsSpan(0, _eventNameLength) : DefaultEventName;
                var data = _data.AsSpan(0, _dataLength > 0 ? _dataLength - 1 : 0);
                onEvent(name, data);
            }

            _dataLength = 0;
            _eventNameLength = 0;
            _hasData = false;
            return;
        }

        if (line[0] == (byte)':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            Append(ref _data, ref _dataLength, value);
            Append(ref _data, ref _dataLength, "\n"u8);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventNameLength = 0;
            Append(ref _eventName, ref _eventNameLength, value);
        }
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

    /// <summary>The event name as text (for tests and logs).</summary>
    public static string Name(ReadOnlySpan<byte> eventName) => Encoding.UTF8.GetString(eventName);
}
