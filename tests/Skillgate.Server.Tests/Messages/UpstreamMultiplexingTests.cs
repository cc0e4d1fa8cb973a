using System.Net;
using System.Net.NetworkInformation;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Server.Tests.Infrastructure;
using Skillgate.Simulator;
using Xunit.Abstractions;

namespace Skillgate.Server.Tests.Messages;

/// <summary>
/// Streams through the gateway to an h2c upstream share a few TCP connections. The simulator's clock is fake, so all
/// 1,000 streams stay open upstream (waiting for a first token 1 s away) while the connections are counted by the OS.
/// </summary>
public sealed class UpstreamMultiplexingTests(ITestOutputHelper output)
{
    private const int Streams = 1000;

    [Fact]
    public async Task ThousandConcurrentStreams_H2cUpstream_ShareAHandfulOfConnections()
    {
        var clock = new FakeTimeProvider();
        var simulator = new SimulatorOptions { TimeProvider = clock };
        await using var gateway = await SimulatedGateway.StartAsync(null, simulator);
        var upstreamPort = gateway.Simulator.Http2Address!.Port;
        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = gateway.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

        // One call first, as on a running gateway: the upstream connection exists and its limits are known.
        Assert.Contains("message_stop", await SendAsync(client, "warm up"), StringComparison.Ordinal);
        var calls = Enumerable.Range(0, Streams).Select(i => SendAsync(client, $"stream {i} [[sim:ttft=1000]]")).ToArray();
        await WaitForAsync(() => gateway.Simulator.GetStats().InFlight == Streams, calls);
        var connections = UpstreamConnections(upstreamPort);
        clock.Advance(TimeSpan.FromSeconds(2));
        var bodies = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"{Streams} concurrent streams over {connections} upstream connection(s)");
        Assert.All(bodies, b => Assert.Contains("event: message_stop", b, StringComparison.Ordinal));
        Assert.Equal(Streams + 1, gateway.Simulator.GetStats().StreamingRequests);
        Assert.InRange(connections, 1, 8);
    }

    /// <summary>Established TCP connections to the upstream's port, as the operating system lists them.</summary>
    private static int UpstreamConnections(int port) => IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections()
        .Count(c => c.State == TcpState.Established && c.RemoteEndPoint.Port == port && IPAddress.IsLoopback(c.RemoteEndPoint.Address));

    private static async Task<string> SendAsync(HttpClient client, string text)
    {
        var body = $$"""{"model":"claude-sonnet-4-5","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"[[sim:tokens=4]] {{text}}"}]}""";
        using var response = await client.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails at once if a call ended first (it would never hold).</summary>
    private static async Task WaitForAsync(Func<bool> condition, Task<string>[] calls)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (calls.FirstOrDefault(c => c.IsCompleted) is { } ended)
            {
                Assert.Fail($"a call ended before all streams were open: {(ended.IsFaulted ? ended.Exception!.InnerException : await ended)}");
            }

            Assert.True(DateTime.UtcNow < deadline, "the streams never were all open upstream at once");
            await Task.Delay(20);
        }
    }
}
