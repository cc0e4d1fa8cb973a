using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>
/// A WebSocket to the gateway spoken by hand over TCP, frame by frame: unlike <see cref="System.Net.WebSockets.ClientWebSocket"/>
/// it shows the control frames (the server's pings) and answers them only when the test says so.
/// </summary>
public sealed class FrameSocket : IDisposable
{
    public const byte Text = 0x1;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private FrameSocket(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Opens <c>/v1/ws</c> with a plain HTTP/1.1 upgrade and checks the 101.</summary>
    public static async Task<FrameSocket> ConnectAsync(Uri gateway)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        var socket = new FrameSocket(tcp);
        var request = $"GET /v1/ws HTTP/1.1\r\nHost: {gateway.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await socket._stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        // The response headers, byte by byte so that no frame after them is read here.
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket._stream.ReadAsync(one) == 0)
            {
                throw new IOException("closed during the upgrade: " + head);
            }

            head.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
        return socket;
    }

    /// <summary>The next frame, or null once the server closed or reset the connection (a close frame is returned).</summary>
    public async Task<(byte Opcode, byte[] Payload)?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        try
        {
            var header = new byte[2];
            if (!await ReadExactlyOrEndAsync(header, cancellationToken))
            {
                return null;
            }

            long length = header[1] & 0x7F;
            if (length == 126)
            {
                var ext = new byte[2];
                await _stream.ReadExactlyAsync(ext, cancellationToken);
                length = BinaryPrimitives.ReadUInt16BigEndian(ext);
            }
            else if (length == 127)
            {
                var ext = new byte[8];
                await _stream.ReadExactlyAsync(ext, cancellationToken);
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(ext);
            }

            var payload = new byte[length];
            await _stream.ReadExactlyAsync(payload, cancellationToken);
            return ((byte)(header[0] & 0x0F), payload);
        }
        catch (IOException)
        {
            // A reset, or the end of the stream in the middle of a frame (EndOfStreamException).
            return null;
        }
    }

    /// <summary>Sends one masked frame (a client must mask), e.g. the pong to a ping with the ping's payload.</summary>
    public async Task SendFrameAsync(byte opcode, byte[] payload)
    {
        Assert.True(payload.Length < 126, "short frames only");
        var frame = new byte[6 + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        frame[1] = (byte)(0x80 | payload.Length);
        byte[] mask = [0x12, 0x34, 0x56, 0x78];
        mask.CopyTo(frame, 2);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i % 4]);
        }

        await _stream.WriteAsync(frame);
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public void Dispose() => _tcp.Dispose();
}
