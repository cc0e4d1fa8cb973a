using System.Threading.Channels;

namespace Skillgate.WebSockets;

/// <summary>
/// The client's side of one stream: its frames in a bounded channel, how far it has got, and its flow-control
/// credit. With a window, the gateway never has more than the window's events of this stream unconsumed, so
/// the channel (window plus a little room for the closing frames) never fills and the receive loop never waits.
/// </summary>
internal sealed class ClientStream
{
    private readonly Lock _lock = new();
    private int _consumedSinceGrant;

    public ClientStream(string clientId, int bufferFrames, int window)
    {
        ClientId = clientId;
        Window = window;
        Frames = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(window > 0 ? window + 8 : bufferFrames)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string ClientId { get; }

    public string? StreamId { get; set; }

    /// <summary>The flow-control window in events; 0 when the stream does not use flow control.</summary>
    public int Window { get; }

    /// <summary>The last sequence number the receive loop has taken in (the resume point).</summary>
    public int ReceivedSeq { get; set; }

    public Channel<ServerFrame> Frames { get; }

    /// <summary>Notes that the caller consumed one event; returns the credit to grant now (half a window's worth), or 0.</summary>
    public int Consumed()
    {
        if (Window == 0)
        {
            return 0;
        }

        lock (_lock)
        {
            if (++_consumedSinceGrant < Math.Max(1, Window / 2))
            {
                return 0;
            }

            var grant = _consumedSinceGrant;
            _consumedSinceGrant = 0;
            return grant;
        }
    }

    /// <summary>
    /// The window to ask for when (re)attaching: the room left in the buffer, so that buffered plus granted
    /// events stay within the window. Credit not yet granted belonged to the old attachment and is dropped.
    /// </summary>
    public int ResumeWindow()
    {
        lock (_lock)
        {
            _consumedSinceGrant = 0;
            return Math.Max(1, Window - Frames.Reader.Count);
        }
    }
}
