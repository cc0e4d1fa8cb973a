using System.Diagnostics;
using System.Text;
using Skillgate.Server.Tests.Infrastructure;

namespace Skillgate.Server.Tests.WebSockets;

/// <summary>The server's WebSocket pings, seen frame by frame (<see cref="FrameSocket"/>): sent at the configured
/// interval, and a peer that never answers them is closed after the ping timeout.</summary>
public sealed class HeartbeatTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static Task<GatewayFixture> StartAsync(TimeSpan interval, TimeSpan timeout) => GatewayFixture.StartAsync(o =>
    {
        o.WebSocket.PingInterval = interval;
        o.WebSocket.PingTimeout = timeout;
    });

    [Fact]
    public async Task PeerThatNeverAnswersPings_PingedThenClosedAfterThePingTimeout()
    {
        await using var fixture = await StartAsync(Interval, Timeout);
        using var socket = await FrameSocket.ConnectAsync(fixture.Gateway.BaseAddress);
        var watch = Stopwatch.StartNew();

        // Without heartbeats nothing would ever end this loop; the token turns that into a failure.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var pings = 0;
        while (await socket.ReadFrameAsync(cts.Token) is { } frame && frame.Opcode != FrameSocket.Close)
        {
            pings += frame.Opcode == FrameSocket.Ping ? 1 : 0;
        }

        var closedAfter = watch.Elapsed;
        Assert.True(pings >= 1, "closed without ever being pinged");
        Assert.True(closedAfter >= Timeout, $"closed after {closedAfter.TotalMilliseconds} ms, before the {Timeout.TotalMilliseconds} ms ping timeout");
    }

    [Fact]
    public async Task PeerThatAnswersPings_PingedAtTheIntervalAndStaysConnected()
    {
        const int wanted = 10;
        await using var fixture = await StartAsync(Interval, Timeout);
        using var socket = await FrameSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        // Ten pings take about 2 s, longer than an interval plus the ping timeout: a peer taken for dead would be gone.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var pingTimes = new List<TimeSpan>();
        var watch = Stopwatch.StartNew();
        while (pingTimes.Count < wanted)
        {
            var frame = await socket.ReadFrameAsync(cts.Token);
            Assert.True(frame is { Opcode: not FrameSocket.Close }, $"closed after {pingTimes.Count} pings");
            if (frame.Value.Opcode == FrameSocket.Ping)
            {
                pingTimes.Add(watch.Elapsed);
                await socket.SendFrameAsync(FrameSocket.Pong, frame.Value.Payload);
            }
        }

        // A timer at the interval cannot fit ten pings in much less than nine intervals (half of it allowed for jitter).
        var span = pingTimes[^1] - pingTimes[0];
        Assert.True(span >= (wanted - 1) * Interval / 2, $"{wanted} pings within {span.TotalMilliseconds} ms at a {Interval.TotalMilliseconds} ms interval");

        await socket.SendFrameAsync(FrameSocket.Text, """{"type":"ping"}"""u8.ToArray());
        while (true)
        {
            var frame = await socket.ReadFrameAsync(cts.Token);
            Assert.True(frame is { Opcode: not FrameSocket.Close }, "closed instead of answering");
            if (frame.Value.Opcode == FrameSocket.Ping)
            {
                await socket.SendFrameAsync(FrameSocket.Pong, frame.Value.Payload);
            }
            else if (frame.Value.Opcode == FrameSocket.Text)
            {
                Assert.Contains("\"pong\"", Encoding.UTF8.GetString(frame.Value.Payload), StringComparison.Ordinal);
                break;
            }
        }
    }

    [Fact]
    public async Task LongInterval_NoPingBeforeIt()
    {
        await using var fixture = await StartAsync(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        using var socket = await FrameSocket.ConnectAsync(fixture.Gateway.BaseAddress);

        // Five of the short intervals above: pings on a fixed timer instead of the configured one would show here.
        using var window = new CancellationTokenSource(5 * Interval);
        var frames = new List<byte>();
        try
        {
            while (await socket.ReadFrameAsync(window.Token) is { } frame)
            {
                frames.Add(frame.Opcode);
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
        }

        Assert.DoesNotContain(FrameSocket.Ping, frames);
        Assert.DoesNotContain(FrameSocket.Close, frames);
    }
}
