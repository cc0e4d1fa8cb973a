using Skillgate.Simulator;
using Xunit.Abstractions;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>1,000 streams cancelled at random points: connections, leases and in-flight work return to baseline.</summary>
public sealed class CancellationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ThousandStreams_CancelledAtRandomPoints_EverythingReleased(bool http2)
    {
        var options = new SimulatorOptions { Latency = new LatencyOptions { TimeToFirstTokenMs = 20, TokensPerSecond = 2000, Jitter = 0.5 } };
        options.Keys.Add(new SimulatorKeyOptions { Key = "sk-a" });
        options.Keys.Add(new SimulatorKeyOptions { Key = "sk-b" });
        await using var sim = await SimulatorFixture.StartAsync(options);
        var keys = new LeaseCountingKeySource(sim.Keys);
        var upstream = TransportFixture.Options(http2 ? sim.Http2Address! : sim.BaseAddress, keys: 0,
            protocol: http2 ? UpstreamHttpProtocol.Http2Only : UpstreamHttpProtocol.Http11);
        upstream.PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(500);
        upstream.MaxConnections = 64;
        using var client = new UpstreamClient(upstream, keys);
        Assert.Equal(0, client.OpenConnections);

        var random = new Random(42);
        var outcomes = new int[4];
        using var gate = new SemaphoreSlim(200);
        var tasks = Enumerable.Range(0, 1000).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                // Cancel anywhere from before the request starts (0) to well after the answer would have finished.
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(0, 250)));
                var outcome = await RunOneAsync(client, i, cts.Token);
                Interlocked.Increment(ref outcomes[outcome]);
            }
            finally
            {
                gate.Release();
            }
        }).ToArray();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(outcomes[0] > 0 && outcomes[1] + outcomes[2] > 0, $"cancelled before stream {outcomes[0]}, mid-stream {outcomes[1]}, at the end {outcomes[2]}, completed {outcomes[3]}");
        Assert.Equal(0, client.InFlight);
        Assert.Equal(0, keys.Outstanding);
        await UpstreamStreamingTests.WaitForAsync(() => sim.GetStats().InFlight == 0, 10_000);
        await UpstreamStreamingTests.WaitForAsync(() => client.OpenConnections == 0, 10_000);
        // h2c multiplexes: 200 streams at a time share a handful of connections (the simulator allows 20,000 streams
        // on one), far below the 64-connection cap that bounds HTTP/1.1.
        Assert.True(client.ConnectionsOpened <= (http2 ? 8 : 1000), $"opened {client.ConnectionsOpened} connections");
        output.WriteLine($"{(http2 ? "h2c" : "HTTP/1.1")}: cancelled before the stream {outcomes[0]}, mid-stream {outcomes[1]}, after the last event {outcomes[2]}, completed {outcomes[3]}; connections opened {client.ConnectionsOpened}");
    }

    // 0: cancelled before the stream opened; 1: mid-stream; 2: cancelled after reading everything; 3: completed.
    private static async Task<int> RunOneAsync(UpstreamClient client, int i, CancellationToken cancellationToken)
    {
        UpstreamStream stream;
        try
        {
            stream = await client.StreamAsync(SimulatorFixture.Request(stream: true, $"Tell me story {i} [[sim:tokens=60]]"), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        await using (stream)
        {
            try
            {
                await foreach (var run in stream.ReadEventsAsync(cancellationToken))
                {
                    _ = run.Length;
                }

                return 3;
            }
            catch (OperationCanceledException)
            {
                return stream.StopReason is null ? 1 : 2;
            }
        }
    }

    /// <summary>Round robin over the simulator's keys, counting leases not yet disposed.</summary>
    private sealed class LeaseCountingKeySource(IReadOnlyList<string> keys) : IUpstreamKeySource
    {
        private int _next;
        private int _outstanding;

        public int Outstanding => Volatile.Read(ref _outstanding);

        public int Queued;

        public async ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default)
        {
            var ticket = Interlocked.Increment(ref _next);
            if (ticket % 4 == 0)
            {
                // Every fourth caller waits in a queue first, as behind the scheduler, so some are cancelled there.
                Interlocked.Increment(ref Queued);
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            }

            cancellationToken.ThrowIfCancellationRequested();
            Interlocked.Increment(ref _outstanding);
            return new Lease(this, keys[(int)((uint)ticket % (uint)keys.Count)]);
        }

        private sealed class Lease(LeaseCountingKeySource owner, string key) : IUpstreamKeyLease
        {
            private int _disposed;

            public string KeyId => key[..4];

            public UpstreamSecret Secret { get; } = new(key);

            public void Report(UpstreamKeyOutcome outcome)
            {
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref owner._outstanding);
                }
            }
        }
    }
}
