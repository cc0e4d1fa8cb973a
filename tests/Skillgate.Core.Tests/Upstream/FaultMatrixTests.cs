using System.Diagnostics;
using Skillgate.Simulator;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>
/// The rows of docs/resilience.md, each against the simulator: what the caller sees and how many attempts reached
/// the upstream (from the simulator's stats).
/// </summary>
public sealed class FaultMatrixTests
{
    private const int AllAttempts = SimulatorFixture.MaxRetries + 1;

    // Well under the simulator's 3 s stalls, yet long enough for a healthy attempt on a cold client (the first
    // call of a test process JITs the transport's path; at 800 ms a retry on the good key sometimes timed out).
    private static void Fast(UpstreamOptions options)
    {
        options.Timeouts.ResponseHeaders = TimeSpan.FromMilliseconds(1500);
        options.Timeouts.FirstToken = TimeSpan.FromMilliseconds(1500);
        options.Timeouts.Idle = TimeSpan.FromMilliseconds(1500);
        options.Timeouts.Total = TimeSpan.FromSeconds(4);
    }

    // Persistent faults (a directive in the message applies to every attempt).
    [Theory]
    [InlineData("fault=529", false, 529, "overloaded_error", UpstreamErrorKind.HttpStatus, AllAttempts)]
    [InlineData("fault=529", true, 529, "overloaded_error", UpstreamErrorKind.HttpStatus, AllAttempts)]
    [InlineData("fault=500", false, 500, "api_error", UpstreamErrorKind.HttpStatus, AllAttempts)]
    [InlineData("fault=500", true, 500, "api_error", UpstreamErrorKind.HttpStatus, AllAttempts)]
    [InlineData("fault=504", false, 504, "timeout_error", UpstreamErrorKind.HttpStatus, AllAttempts)]
    [InlineData("fault=504", true, 504, "timeout_error", UpstreamErrorKind.HttpStatus, AllAttempts)]
    [InlineData("fault=reset", false, 500, "api_error", UpstreamErrorKind.ConnectionFailed, AllAttempts)]
    [InlineData("fault=reset", true, 500, "api_error", UpstreamErrorKind.ConnectionFailed, AllAttempts)]
    [InlineData("fault=stall", false, 504, "timeout_error", UpstreamErrorKind.ResponseHeadersTimeout, AllAttempts)]
    [InlineData("fault=stall", true, 504, "timeout_error", UpstreamErrorKind.ResponseHeadersTimeout, AllAttempts)]
    [InlineData("ttft=5000", true, 504, "timeout_error", UpstreamErrorKind.FirstTokenTimeout, AllAttempts)]
    [InlineData("fault=error-event", false, 529, "overloaded_error", UpstreamErrorKind.HttpStatus, AllAttempts)]
    [InlineData("fault=cut tokens=200", false, 500, "api_error", UpstreamErrorKind.ConnectionFailed, AllAttempts)]
    [InlineData("fault=stall-mid tokens=200", false, 504, "timeout_error", UpstreamErrorKind.ResponseHeadersTimeout, AllAttempts)]
    public async Task Fault_BeforeFirstByte_RetriedThenReported(string directive, bool stream, int status, string type, UpstreamErrorKind kind, int attempts)
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-a"));
        using var client = SimulatorFixture.Client(sim, configure: Fast);
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, $"Hi [[sim:{directive}]]"));
        Assert.Equal(status, seen.Status);
        Assert.Equal(type, seen.Body);
        Assert.Equal(kind, seen.Kind);
        await UpstreamStreamingTests.WaitForAsync(() => sim.GetStats().InFlight == 0 && sim.GetStats().Requests >= attempts);
        var requests = sim.GetStats().Requests;
        if (kind == UpstreamErrorKind.ConnectionFailed && directive == "fault=reset")
        {
            // SocketsHttpHandler itself resends a request once when a pooled connection is reset before any byte
            // of the answer, so a reset attempt may reach the upstream twice.
            Assert.InRange(requests, attempts, 2 * attempts);
        }
        else
        {
            Assert.Equal(attempts, requests);
        }

        Assert.Equal(0, client.InFlight);
    }

    // Faults after the first byte reached the caller: never retried, the stream ends with an error event.
    [Theory]
    [InlineData("fault=error-event tokens=200", "overloaded_error", UpstreamErrorKind.StreamError)]
    [InlineData("fault=cut tokens=200", "api_error", UpstreamErrorKind.StreamInterrupted)]
    [InlineData("fault=stall-mid tokens=200", "timeout_error", UpstreamErrorKind.IdleTimeout)]
    public async Task Fault_AfterFirstByte_ErrorEventNoRetry(string directive, string type, UpstreamErrorKind kind)
    {
        // Paced tokens, so that the first token is surely read before the fault at half of the deltas.
        var options = new SimulatorOptions { Latency = new LatencyOptions { TokensPerSecond = 2000 } };
        options.Keys.Add(SimulatorFixture.Key("sk-a"));
        await using var sim = await SimulatorFixture.StartAsync(options);
        using var client = SimulatorFixture.Client(sim, configure: Fast);
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream: true, $"Hi [[sim:{directive}]]"));
        Assert.Equal(200, seen.Status);
        Assert.Contains("event: content_block_delta", seen.Body, StringComparison.Ordinal);
        Assert.EndsWith($"event: error\ndata: {{\"type\":\"error\",\"error\":{{\"type\":\"{type}\"", seen.Body[..seen.Body.LastIndexOf(",\"message\"", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Equal(kind, seen.Kind);
        await UpstreamStreamingTests.WaitForAsync(() => sim.GetStats().InFlight == 0);
        Assert.Equal(1, sim.GetStats().Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SlowDrip_HealthyStreamStaysOpen(bool stream)
    {
        // A chunk every 100 ms, 15 times inside the idle timeout; the whole answer takes longer than the idle timeout
        // (asserted below), so the test fails if a healthy stream does not reset the idle timer on every chunk.
        var idle = TimeSpan.FromMilliseconds(1500);
        var drip = new FaultOptions { DripIntervalMs = 100, DripBytes = stream ? 128 : 16 };
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-a", drip));
        using var client = SimulatorFixture.Client(sim, configure: o => o.Timeouts.Idle = idle);
        var clock = Stopwatch.StartNew();
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, "Hi [[sim:fault=drip tokens=40]]"));
        Assert.Equal(200, seen.Status);
        Assert.Null(seen.Kind);
        Assert.Equal(1, sim.GetStats().Requests);
        Assert.True(clock.Elapsed > idle, $"the drip took only {clock.Elapsed}, less than the idle timeout");
    }

    // Transient faults (one key always fails, the other never): the retry goes to the other key and succeeds.
    [Theory]
    [InlineData("overloaded", false)]
    [InlineData("overloaded", true)]
    [InlineData("api_error", false)]
    [InlineData("api_error", true)]
    [InlineData("timeout", false)]
    [InlineData("timeout", true)]
    [InlineData("reset", false)]
    [InlineData("reset", true)]
    [InlineData("stall", false)]
    [InlineData("stall", true)]
    public async Task TransientFault_RetriedOnAnotherKey_CallerSeesSuccess(string fault, bool stream)
    {
        var faults = new FaultOptions { StallMs = 3000 };
        switch (fault)
        {
            case "overloaded": faults.Overloaded = 1; break;
            case "api_error": faults.ApiError = 1; break;
            case "timeout": faults.Timeout = 1; break;
            case "reset": faults.ResetBeforeHeaders = 1; break;
            case "stall": faults.StallBeforeHeaders = 1; break;
        }

        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-bad", faults), SimulatorFixture.Key("sk-good"));
        using var client = SimulatorFixture.Client(sim, configure: Fast);
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, "Hi"));
        Assert.Equal(200, seen.Status);
        Assert.Null(seen.Kind);
        await UpstreamStreamingTests.WaitForAsync(() => sim.GetStats().InFlight == 0);
        var stats = sim.GetStats();
        Assert.True(stats.Keys[0].Requests == 1 && stats.Keys[1].Requests == 1 && stats.Faults == 1,
            $"requests {stats.Requests}, key0 {stats.Keys[0].Requests}, key1 {stats.Keys[1].Requests}, faults {stats.Faults}, in flight {stats.InFlight}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RateLimited_RetryHandedToKeyWithHeadroom(bool stream)
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-small", rpm: 1), SimulatorFixture.Key("sk-big"));
        using var client = SimulatorFixture.Client(sim);
        for (var i = 0; i < 3; i++)
        {
            var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, $"Hi {i}"));
            Assert.Equal(200, seen.Status);
        }

        var stats = sim.GetStats();
        Assert.Equal(4, stats.Requests);
        Assert.Equal(1, stats.RateLimited);
        Assert.Equal(1, stats.Keys[0].RateLimited);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InvalidKey_401NotRetried_KeyOutOfService(bool stream)
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-good"));
        using var client = SimulatorFixture.Client(sim, keys: ["sk-revoked", "sk-good"]);
        var first = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, "Hi"));
        Assert.Equal(401, first.Status);
        Assert.Equal("authentication_error", first.Body);
        Assert.Equal(1, sim.GetStats().Requests);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, "Hi"))).Status);
        }

        Assert.Equal(4, sim.GetStats().Requests);
        Assert.Equal(3, sim.GetStats().Keys[0].Requests);
        Assert.DoesNotContain("sk-revoked", first.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BadRequest_400NotRetried(bool stream)
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-a"));
        using var client = SimulatorFixture.Client(sim);
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream, "Hi", maxTokens: -5));
        Assert.Equal(400, seen.Status);
        Assert.Equal("invalid_request_error", seen.Body);
        Assert.Equal(1, sim.GetStats().Requests);
    }

    [Fact]
    public async Task UnknownModel_404NotRetried()
    {
        var options = new SimulatorOptions { StrictModels = true };
        options.Keys.Add(SimulatorFixture.Key("sk-a"));
        await using var sim = await SimulatorFixture.StartAsync(options);
        using var client = SimulatorFixture.Client(sim);
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream: true, "Hi", model: "claude-does-not-exist"));
        Assert.Equal(404, seen.Status);
        Assert.Equal(1, sim.GetStats().Requests);
    }

    [Fact]
    public async Task TooLarge_413NotRetried()
    {
        var options = new SimulatorOptions { MaxRequestBodyBytes = 64 };
        options.Keys.Add(SimulatorFixture.Key("sk-a"));
        await using var sim = await SimulatorFixture.StartAsync(options);
        using var client = SimulatorFixture.Client(sim);
        var seen = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream: false, new string('x', 500)));
        Assert.Equal(413, seen.Status);
        Assert.Equal(1, sim.GetStats().Requests);
    }

    [Fact]
    public async Task DeadUpstream_CircuitOpensAndFailsFast()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Key("sk-a"));
        using var client = SimulatorFixture.Client(sim, configure: o =>
        {
            o.Retry.MaxRetries = 0;
            o.CircuitBreaker = new UpstreamCircuitBreakerOptions { Enabled = true, MinimumThroughput = 4, BreakDuration = TimeSpan.FromSeconds(30) };
        });
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(500, (await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream: true, "Hi [[sim:fault=500]]"))).Status);
        }

        var open = await SimulatorFixture.CallAsync(client, SimulatorFixture.Request(stream: true, "Hi"));
        Assert.Equal(503, open.Status);
        Assert.Equal(UpstreamErrorKind.CircuitOpen, open.Kind);
        Assert.NotNull(open.Error!.RetryAfter);
        Assert.Equal(4, sim.GetStats().Requests);
    }
}
