using System.Threading.Channels;

namespace Skillgate.WebSockets;

/// <summary>The client's side of one stream: its frames in a bounded channel, and how far it has got.</summary>
internal sealed class ClientStream(string clientId, int bufferFrames)
{
    public string ClientId { get; } = clientId;

    public string? StreamId { get; set; }

    /// <summary>The last sequence number the receive loop has taken in (the resume point).</summary>
    public int ReceivedSeq { get; set; }

    public Channel<ServerFrame> Frames { get; } = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(bufferFrames)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
}
