using System.Text;

namespace Skillgate.WebSockets;

/// <summary>One server-sent event of a stream, as the upstream sent it, with its place in the stream.</summary>
public sealed class GatewayStreamEvent
{
    /// <summary>Creates an event.</summary>
    public GatewayStreamEvent(string streamId, int seq, string eventType, ReadOnlyMemory<byte> data)
    {
        StreamId = streamId;
        Seq = seq;
        EventType = eventType;
        Data = data;
    }

    /// <summary>The gateway's id of the stream (use it to resume).</summary>
    public string StreamId { get; }

    /// <summary>The sequence number, from 1, without gaps.</summary>
    public int Seq { get; }

    /// <summary>The event type, e.g. <c>content_block_delta</c> (or <c>message</c> for a non-streaming answer).</summary>
    public string EventType { get; }

    /// <summary>The event's JSON data, byte for byte.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The data as text.</summary>
    public string DataText => Encoding.UTF8.GetString(Data.Span);
}
