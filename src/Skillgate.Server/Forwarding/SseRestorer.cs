using System.Buffers;
using System.Text;
using Skillgate.Redaction;
using Skillgate.Upstream;

namespace Skillgate.Server.Forwarding;

/// <summary>
/// Rewrites runs of SSE events with their placeholders restored (see <see cref="MessageStreamRestorer"/>). Per event it
/// allocates nothing of its own: the callback, the output buffer and the data copy are reused, and the names of the
/// Messages events are shared strings. One instance per response; the memory <see cref="Restore"/> returns is valid
/// until the next call.
/// </summary>
internal sealed class SseRestorer
{
    private static readonly (byte[] Utf8, string Name)[] KnownEvents =
    [
        .. new[] { "content_block_delta", "content_block_start", "content_block_stop", "message_start", "message_delta", "message_stop", "ping", "error" }
            .Select(n => (Encoding.UTF8.GetBytes(n), n)),
    ];

    private readonly MessageStreamRestorer _restorer;
    private readonly SsePushReader _reader = new();
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly SsePushReader.EventHandler _onEvent;
    private byte[] _data = new byte[1024];

    public SseRestorer(MessageStreamRestorer restorer)
    {
        _restorer = restorer;
        _onEvent = OnEvent;
    }

    public ReadOnlyMemory<byte> Restore(ReadOnlySpan<byte> run)
    {
        _output.ResetWrittenCount();
        _reader.Feed(run, _onEvent);
        return _output.WrittenMemory;
    }

    private void OnEvent(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        // The restorer takes memory, the reader lends a span: copy into a buffer kept for the response. What the
        // restorer returns is written out before the next event reuses it.
        if (_data.Length < data.Length)
        {
            _data = new byte[Math.Max(data.Length, _data.Length * 2)];
        }

        data.CopyTo(_data);
        var events = _restorer.Process(EventName(name), _data.AsMemory(0, data.Length));
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            _output.Write("event: "u8);
            Encoding.UTF8.GetBytes(e.EventType, _output);
            _output.Write("\ndata: "u8);
            _output.Write(e.Data.Span);
            _output.Write("\n\n"u8);
        }
    }

    private static string EventName(ReadOnlySpan<byte> name)
    {
        foreach (var (utf8, known) in KnownEvents)
        {
            if (name.SequenceEqual(utf8))
            {
                return known;
            }
        }

        return Encoding.UTF8.GetString(name);
    }
}
