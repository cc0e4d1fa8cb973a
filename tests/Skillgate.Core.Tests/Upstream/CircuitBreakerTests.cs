using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>
/// The breaker with its default settings against the simulator: transient faults that retries get past never open it,
/// whatever their share of attempts; a dead upstream fails fast and recovers within one probe.
/// </summary>
public sealed class CircuitBreakerTests
{
    private const string Clean = "sk-clean";

    private static readonly (string Key, FaultOptions Faults)[] Faulty =
    [
        ("sk-529", new FaultOptions { Overloaded = 1 }),
        ("sk-500", new FaultOptions { ApiError = 1 }),
        ("sk-504", new FaultOptions { Timeout = 1 }),
        ("sk-reset", new FaultOptions { ResetBeforeHeaders = 1 }),
    ];

    private static async Task<SimulatorHost> StartAsync()
    {
        var options = new SimulatorOptions { Keys = { SimulatorFixture.Key(Clean) } };
        foreach (var (key, faults) in Faulty)
        {
            options.Keys.Add(SimulatorFixture.Key(key, faults));
        }

        return await SimulatorFixture.StartAsync(options);
    }

    private static UpstreamClient Client(SimulatorHost sim, IUpstreamKeySource keys, Action<UpstreamCircuitBreakerOptions>? breaker = null)
    {
        var options = TransportFixture.Options(sim.BaseAddress, keys: 0, maxRetries: 2);
        options.Keys.Add(new UpstreamKeyOptions { Id = "clean", Value = Clean });
        options.CircuitBreaker = new UpstreamCircuitBreakerOptions();
        breaker?.Invoke(options.CircuitBreaker);
        return new UpstreamClient(options, keys);
    }

    [Fact]
    public async Task FaultMatrix_BackToBackWithoutCleanTraffic_EveryScenarioAsExpected()
    {
        await using var sim = await StartAsync();
        var keys = new PlannedKeySource();
        using var client = Client(sim, keys);
        var scenarios = new List<(string Name, Func<int, string> Plan, string Text, int Status)>();
        foreach (var (key, _) in Faulty)
        {
            scenarios.Add(($"one {key} then clean", a => a == 0 ? key : Clean, "Hi", 200));
        }

        scenarios.Add(("529 then 500 then clean", a => a switch { 0 => "sk-529", 1 => "sk-500", _ => Clean }, "Hi", 200));
        scenarios.Add(("reset then 504 then clean", a => a switch { 0 => "sk-reset", 1 => "sk-504", _ => Clean }, "Hi", 200));
        scenarios.Add(("400 is the upstream's", _ => Clean, "Hi [[sim:fault=400]]", 400));
        scenarios.Add(("404 is the upstream's", _ => Clean, "Hi [[sim:fault=404]]", 404));
        scenarios.Add(("529 on every attempt", _ => Clean, "Hi [[sim:fault=529]]", 529));
        scenarios.Add(("500 on every attempt", _ => Clean, "Hi [[sim:fault=500]]", 500));
        scenarios.Add(("clean again", _ => Clean, "Hi", 200));
        scenarios.Add(("400 still the upstream's", _ => Clean, "Hi [[sim:fault=400]]", 400));

        foreach (var (name, plan, text, status) in scenarios)
        {
            keys.Plan = plan;
            foreach (var stream in new[] { false, true })
            {
                for (var i = 0; i < 5; i++)
                {
                    var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, text));
                    Assert.True(status == seen.Status, $"{name} (stream: {stream}, call {i}): {seen.Status} {seen.Kind}");
                }
            }
        }

        Assert.Equal(0, client.Circuit!.Openings);
    }

    [Fact]
    public async Task HalfOfAttemptsFailForSeconds_RetriesSucceed_NoCallerErrorsBreakerNeverOpens()
    {
        await using var sim = await StartAsync();
        var keys = new PlannedKeySource();
        var calls = 0;
        // Every call's first attempt meets a fault (one of four kinds, in turn), its retry a clean key: 50 % of attempts fail.
        keys.Plan = a => a == 0 ? Faulty[Interlocked.Increment(ref calls) % Faulty.Length].Key : Clean;
        // A short window, so that the sustained failure ratio is judged over many windows.
        using var client = Client(sim, keys, b => b.SamplingDuration = TimeSpan.FromSeconds(1));
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var n = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(6))
            {
                var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream: n++ % 2 == 0, "Hi"));
                if (seen.Status != 200)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));

        var stats = sim.GetStats();
        Assert.Equal(0, errors);
        Assert.True(calls >= 100, $"only {calls} calls");
        Assert.True(stats.Faults * 2 >= stats.Requests - 10, $"faults {stats.Faults} of {stats.Requests} attempts");
        Assert.Equal(0, client.Circuit!.Openings);
    }

    [Fact]
    public async Task DeadUpstream_FailsFastWith503_RecoversWithinOneProbe()
    {
        var port = FreePort();
        var options = TransportFixture.Options(new Uri($"http://127.0.0.1:{port}"), keys: 0, maxRetries: 2);
        options.Keys.Add(new UpstreamKeyOptions { Id = "clean", Value = Clean });
        options.CircuitBreaker = new UpstreamCircuitBreakerOptions { BreakDuration = TimeSpan.FromMilliseconds(500) };
        using var client = new UpstreamClient(options);

        // Nothing listens: refusals, then the breaker opens after 5 attempts that could not connect.
        for (var i = 0; i < 2; i++)
        {
            var refused = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(SimulatorFixture.Request(stream: false, "Hi")));
            Assert.True(refused.StatusCode is 500 or 503, $"{refused.StatusCode} {refused.Kind}");
        }

        var clock = Stopwatch.StartNew();
        var open = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(SimulatorFixture.Request(stream: false, "Hi", maxTokens: 8)));
        clock.Stop();
        Assert.Equal(UpstreamErrorKind.CircuitOpen, open.Kind);
        Assert.Equal(503, open.StatusCode);
        Assert.NotNull(open.RetryAfter);
        Assert.True(clock.ElapsedMilliseconds < 100, $"took {clock.ElapsedMilliseconds} ms");

        // It comes back on the same port: after the break, one probe finds it and the circuit closes.
        var simOptions = new SimulatorOptions { Port = port, Http2Port = -1, Keys = { SimulatorFixture.Key(Clean) } };
        await using var sim = await SimulatorHost.StartAsync(simOptions);
        await Task.Delay(600);
        var probe = await client.SendAsync(SimulatorFixture.Request(stream: false, "Hi"));
        Assert.Equal(200, probe.StatusCode);
        Assert.Equal(1, sim.GetStats().Requests);
        Assert.Equal(CircuitState.Closed, client.Circuit!.State);
        Assert.Equal(200, (await client.SendAsync(SimulatorFixture.Request(stream: false, "Hi"))).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Hands each attempt the key its plan names (attempt 0, 1, ...), so a fault meets exactly the attempts meant.</summary>
    private sealed class PlannedKeySource : IUpstreamKeySource
    {
        public Func<int, string> Plan { get; set; } = _ => Clean;

        public ValueTask<IUpstreamKeyLease> AcquireAsync(UpstreamKeyRequest request, CancellationToken cancellationToken = default)
            => ValueTask.FromResult<IUpstreamKeyLease>(new Lease(Plan(request.Attempt)));

        private sealed class Lease(string key) : IUpstreamKeyLease
        {
            public string KeyId => key;

            public UpstreamSecret Secret { get; } = new(key);

            public void Report(UpstreamKeyOutcome outcome)
            {
            }

            public void Dispose()
            {
            }
        }
    }
}
