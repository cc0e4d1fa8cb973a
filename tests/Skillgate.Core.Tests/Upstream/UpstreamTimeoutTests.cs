using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Skillgate.Telemetry;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class UpstreamTimeoutTests
{
    [Fact]
    public async Task TlsHandshakeStall_TlsTimeoutKind()
    {
        // A TCP server that accepts and never speaks TLS: the socket connects, the handshake stalls.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await listener.AcceptSocketAsync(stop.Token));
                }
            }
            catch (OperationCanceledException)
            {
                // Test over.
            }
        });

        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = TransportFixture.Options(new Uri($"https://127.0.0.1:{port}"), maxRetries: 1);
        options.Timeouts.Connect = TimeSpan.FromMilliseconds(500);
        options.Timeouts.TlsHandshake = TimeSpan.FromMilliseconds(300);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var timeouts = new MetricCollector<long>(meters, SkillgateTelemetry.PipelineName, UpstreamInstrumentNames.Timeouts);
        using var client = new UpstreamClient(options, meterFactory: meters);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(UpstreamErrorKind.TlsHandshakeTimeout, error.Kind);
        Assert.Equal(504, error.StatusCode);
        Assert.Equal(2, error.Attempts);
        Assert.Contains(timeouts.GetMeasurementSnapshot(), m => (string?)m.Tags[UpstreamInstrumentNames.KindTag] == "tls_handshake_timeout");

        await stop.CancelAsync();
        await acceptLoop;
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }
    }

    [Fact]
    public async Task ConnectionRefused_ConnectionFailedAfterRetries()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new UpstreamClient(TransportFixture.Options(new Uri($"http://127.0.0.1:{port}"), maxRetries: 2));
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: true)));
        Assert.Equal(UpstreamErrorKind.ConnectionFailed, error.Kind);
        Assert.Equal(3, error.Attempts);
        Assert.Equal(0, client.OpenConnections);
    }

    [Fact]
    public async Task ConnectStall_ConnectTimeoutKind()
    {
        // A listener that never accepts, its backlog filled: the kernel drops further SYNs, so connects hang.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                try
                {
                    await filler.ConnectAsync(endpoint, quick.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var options = TransportFixture.Options(new Uri($"http://127.0.0.1:{endpoint.Port}"), maxRetries: 1);
            options.Timeouts.Connect = TimeSpan.FromMilliseconds(300);
            using var client = new UpstreamClient(options);
            var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
            Assert.Equal(UpstreamErrorKind.ConnectTimeout, error.Kind);
            Assert.Equal(504, error.StatusCode);
            Assert.Equal(2, error.Attempts);
            Assert.Equal(0, client.OpenConnections);
        }
        finally
        {
            foreach (var filler in fillers)
            {
                filler.Dispose();
            }
        }
    }
}
