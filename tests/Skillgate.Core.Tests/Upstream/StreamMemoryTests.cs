using Skillgate.Simulator;
using Skillgate.Upstream;
using Xunit.Abstractions;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>
/// What one open stream costs in memory. The simulator runs in the same process, so the figure is the transport and
/// the simulator's server side together: an upper bound for the transport (about 30 KB measured; it was 50 KB with a
/// 16 KB framing buffer, which this test catches).
/// </summary>
[Collection(MemoryHeavyCollection.Name)]
public sealed class StreamMemoryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThousandOpenStreams_TransportMemoryPerStreamWellUnderBudget()
    {
        // Tokens are slow, so every stream stays open (first token read, the rest pending) while we measure.
        var options = new SimulatorOptions { Latency = new LatencyOptions { TokensPerSecond = 20 } };
        options.Keys.Add(new SimulatorKeyOptions { Key = "sk-a" });
        await using var sim = await SimulatorFixture.StartAsync(options);
        var upstream = TransportFixture.Options(sim.Http2Address!, keys: 0, protocol: UpstreamHttpProtocol.Http2Only);
        upstream.Keys.Add(new UpstreamKeyOptions { Value = "sk-a" });
        using var client = new UpstreamClient(upstream);
        await using (await client.StreamAsync(SimulatorFixture.Request(stream: true, "warm up [[sim:tokens=2]]")))
        {
        }

        const int Streams = 1000;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var open = await Task.WhenAll(Enumerable.Range(0, Streams).Select(i => client.StreamAsync(SimulatorFixture.Request(stream: true, $"story {i} [[sim:tokens=400]]"))));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perStream = (after - before) / (double)Streams;
        output.WriteLine($"{perStream / 1024:F1} KB per open stream, transport and in-process simulator together");
        foreach (var stream in open)
        {
            await stream.DisposeAsync();
        }

        Assert.Equal(0, client.InFlight);
        Assert.True(perStream < 48 * 1024, $"{perStream / 1024:F1} KB per stream");
    }
}
