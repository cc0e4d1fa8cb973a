using System.Text;
using Skillgate.Redaction;
using Skillgate.Upstream;

namespace Skillgate.Server.Forwarding;

/// <summary>Rewrites runs of SSE events with their placeholders restored (see <see cref="MessageStreamRestorer"/>).</summary>
internal sealed class SseRestorer(MessageStreamRestorer restorer)
{
    private readonly SsePushReader _reader = new();
    private readonly MemoryStream _output = new();

    public ReadOnlyMemory<byte> Restore(ReadOnlySpan<byte> run)
    {
        _output.SetLength(0);
        _reader.Feed(run, (name, data) =>
        {
            foreach (var e in restorer.Process(Encoding.UTF8.GetString(name), data.ToArray()))
            {
                _output.Write("event: "u8);
                _output.Write(Encoding.UTF8.GetBytes(e.EventType));
                _output.Write("\ndata: "u8);
                _output.Write(e.Data.Span);
                _output.Write("\n\n"u8);
            }
        });
        return _output.GetBuffer().AsMemory(0, (int)_output.Length);
    }
}
