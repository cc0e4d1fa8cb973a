using System.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class UpstreamStreamingTests
{
    [Theory]
    [InlineData(HttpProtocols.Http1, UpstreamHttpProtocol.Http11)]
    [InlineData(HttpProtocols.Http2, UpstreamHttpProtocol.Http2Only)]
    public async Task StreamAsync_Healthy_BytesPassThroughUnchanged(HttpProtocols serverProtocols, UpstreamHttpProtocol protocol)
    {
        await using var upstream = await ScriptedUpstream.StartAsync(serverProtocols);
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress, protocol: protocol));
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        var seen = await TransportFixture.ReadAllAsync(stream);
        Assert.Equal(ScriptedUpstream.Answer, seen);
        Assert.Equal(new UpstreamUsage(10, 2), stream.Usage);
        Assert.Equal("end_turn", stream.StopReason);
        Assert.Null(stream.Error);
        Assert.Equal(0, client.InFlight);
    }

    [Fact]
    public async Task CopyToAsync_Healthy_SameBytesAtDestination()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        using var destination = new MemoryStream();
        var copied = await stream.CopyToAsync(destination);
        Assert.Equal(ScriptedUpstream.Answer, System.Text.Encoding.UTF8.GetString(destination.ToArray()));
        Assert.Equal(destination.Length, copied);
    }

    [Fact]
    public async Task StreamAsync_ErrorEventBeforeFirstToken_Retried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(2, "error"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        Assert.Equal(ScriptedUpstream.Answer, await TransportFixture.ReadAllAsync(stream));
        Assert.Equal(2, stream.Attempts);
    }

    [Fact]
    public async Task StreamAsync_CutBeforeFirstToken_Retried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(1, "cut"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        Assert.Equal(ScriptedUpstream.Answer, await TransportFixture.ReadAllAsync(stream));
        Assert.Equal(2, stream.Attempts);
    }

    [Fact]
    public async Task StreamAsync_StallBeforeFirstToken_FirstTokenTimeoutThenRetry()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(2, "stall"));
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.Timeouts.FirstToken = TimeSpan.FromSeconds(1);
        using var client = new UpstreamClient(options);
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        Assert.Equal(ScriptedUpstream.Answer, await TransportFixture.ReadAllAsync(stream));
        Assert.Equal(2, stream.Attempts);
    }

    [Fact]
    public async Task StreamAsync_StallsEveryTime_FailsWithFirstTokenTimeout()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(1, "stall")).Then(ScriptedUpstream.StreamThen(1, "stall"));
        var options = TransportFixture.Options(upstream.BaseAddress, maxRetries: 1);
        options.Timeouts.FirstToken = TimeSpan.FromMilliseconds(200);
        using var client = new UpstreamClient(options);
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.StreamAsync(TransportFixture.Request(stream: true)));
        Assert.Equal(UpstreamErrorKind.FirstTokenTimeout, error.Kind);
        Assert.Equal(504, error.StatusCode);
        Assert.Equal(2, upstream.Requests);
        Assert.Equal(0, client.InFlight);
    }

    [Fact]
    public async Task StreamAsync_CutAfterFirstToken_EndsWithErrorEventNoRetry()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(3, "cut"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        var seen = await TransportFixture.ReadAllAsync(stream);
        Assert.Contains("\"text\":\"Hello\"", seen, StringComparison.Ordinal);
        Assert.EndsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"The upstream connection ended in the middle of the answer.\"}}\n\n", seen, StringComparison.Ordinal);
        Assert.Equal(UpstreamErrorKind.StreamInterrupted, stream.Error);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task StreamAsync_StallAfterFirstToken_IdleTimeoutErrorEvent()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(3, "stall"));
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.Timeouts.Idle = TimeSpan.FromMilliseconds(300);
        using var client = new UpstreamClient(options);
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        var seen = await TransportFixture.ReadAllAsync(stream);
        Assert.Contains("\"type\":\"timeout_error\"", seen, StringComparison.Ordinal);
        Assert.Equal(UpstreamErrorKind.IdleTimeout, stream.Error);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task StreamAsync_ErrorEventAfterFirstToken_PassedThroughNoRetry()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(3, "error"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        var seen = await TransportFixture.ReadAllAsync(stream);
        Assert.EndsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", seen, StringComparison.Ordinal);
        Assert.Equal(UpstreamErrorKind.StreamError, stream.Error);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task StreamAsync_SlowButSteady_StaysOpenLongerThanIdleTimeout()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        // Seven events 400 ms apart: five pauses fit in the idle timeout, the whole stream does not.
        upstream.Then(ScriptedUpstream.SlowStream(TimeSpan.FromMilliseconds(400)));
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.Timeouts.Idle = TimeSpan.FromSeconds(2);
        using var client = new UpstreamClient(options);
        var clock = Stopwatch.StartNew();
        await using var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        Assert.Equal(ScriptedUpstream.Answer, await TransportFixture.ReadAllAsync(stream));
        Assert.Null(stream.Error);
        Assert.True(clock.Elapsed > options.Timeouts.Idle, $"the stream took only {clock.Elapsed}");
    }

    [Fact]
    public async Task StreamAsync_CallerCancelsMidStream_ReleasesEverything()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(3, "stall"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        using var cts = new CancellationTokenSource();
        var stream = await client.StreamAsync(TransportFixture.Request(stream: true), cts.Token);
        await using (stream)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var run in stream.ReadEventsAsync(cts.Token))
                {
                    await cts.CancelAsync();
                }
            });
        }

        Assert.Equal(0, client.InFlight);
        Assert.Null(stream.Error);
        await WaitForAsync(() => client.OpenConnections == 0);
    }

    [Fact]
    public async Task StreamAsync_DisposedUnread_ReleasesConnection()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(3, "stall"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        Assert.Equal(1, client.OpenConnections);
        await stream.DisposeAsync();
        Assert.Equal(0, client.InFlight);
        await WaitForAsync(() => client.OpenConnections == 0);
    }

    [Fact]
    public async Task StreamAsync_DisposedWhileReading_ReaderEndsAndEverythingReleased()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.StreamThen(3, "stall"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var stream = await client.StreamAsync(TransportFixture.Request(stream: true));
        var firstRun = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            await foreach (var run in stream.ReadEventsAsync())
            {
                firstRun.TrySetResult();
            }
        });
        await firstRun.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        await stream.DisposeAsync();
        var ended = await Record.ExceptionAsync(() => reading.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(ended is null or ObjectDisposedException or OperationCanceledException, ended?.ToString());
        Assert.Equal(0, client.InFlight);
        await WaitForAsync(() => client.OpenConnections == 0);
    }

    internal static async Task WaitForAsync(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not reached in time");
            await Task.Delay(20);
        }
    }
}
