using System.Net.Http;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>The breaker's arithmetic on a fake clock: what opens it, what never does, and what a call does while it is open.</summary>
public sealed class UpstreamCircuitTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _changes = [];

    private UpstreamCircuit Circuit(Action<UpstreamCircuitBreakerOptions>? configure = null)
    {
        var options = new UpstreamCircuitBreakerOptions { MinimumThroughput = 10, BreakDuration = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return new UpstreamCircuit(options, _time, (state, reason) => _changes.Add($"{state}:{reason}"));
    }

    private static AttemptResult Status(int status) => AttemptResult.Failure(UpstreamErrorKind.HttpStatus, status, "api_error", "x", retryable: true);

    private static AttemptResult Refused() => AttemptResult.Failure(
        UpstreamErrorKind.ConnectionFailed, 500, "api_error", "refused", retryable: true,
        exception: new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"));

    private static AttemptResult Reset() => AttemptResult.Failure(
        UpstreamErrorKind.ConnectionFailed, 500, "api_error", "reset", retryable: true,
        exception: new HttpRequestException(HttpRequestError.ResponseEnded, "reset"));

    private static AttemptResult Ok() => AttemptResult.Completed(default, default, null);

    [Fact]
    public void OnAttempt_TransientFaultsRetriesRecover_NeverOpens()
    {
        var circuit = Circuit();
        for (var i = 0; i < 1_000; i++)
        {
            // Every call meets one or two faults, then succeeds: 50-67 % of attempts fail.
            circuit.OnAttempt(i % 2 == 0 ? Status(529) : Status(500));
            circuit.OnAttempt(i % 3 == 0 ? Reset() : Status(504));
            circuit.OnAttempt(Ok());
            circuit.OnCall(probe: false, Ok());
        }

        Assert.Equal(CircuitState.Closed, circuit.State);
        Assert.Equal(0, circuit.Openings);
    }

    [Theory]
    [InlineData(529)]
    [InlineData(429)]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(413)]
    public void OnCall_CapacityAndClientErrors_NeverCount(int status)
    {
        var circuit = Circuit();
        for (var i = 0; i < 100; i++)
        {
            circuit.OnAttempt(Status(status));
            circuit.OnCall(probe: false, Status(status));
        }

        Assert.Equal(CircuitState.Closed, circuit.State);
    }

    [Fact]
    public async Task OnCall_FinalFailuresOverRatio_OpensAndCallsWaitForTheProbesVerdict()
    {
        var circuit = Circuit();
        for (var i = 0; i < 10; i++)
        {
            circuit.OnCall(probe: false, i % 2 == 1 ? Status(502) : Ok());
        }

        Assert.Equal(CircuitState.Open, circuit.State);
        Assert.Equal(["Open:Failing"], _changes);

        // A call with budget waits; when the break is over it becomes the probe; another waits for the verdict.
        var first = circuit.EnterAsync(TimeSpan.FromSeconds(30), default).AsTask();
        Assert.False(first.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(5));
        var probe = await first.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(probe.IsProbe);
        var second = circuit.EnterAsync(TimeSpan.FromSeconds(30), default).AsTask();
        Assert.False(second.IsCompleted);

        circuit.OnCall(probe: true, Ok());

        var allowed = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(allowed.IsAllowed);
        Assert.False(allowed.IsProbe);
        Assert.Equal(CircuitState.Closed, circuit.State);
    }

    [Fact]
    public async Task EnterAsync_NoBudgetToWait_RefusedAtOnceWithRetryAfter()
    {
        var circuit = Circuit();
        for (var i = 0; i < 10; i++)
        {
            circuit.OnCall(probe: false, Status(500));
        }

        var permit = await circuit.EnterAsync(TimeSpan.FromSeconds(1), default);

        Assert.False(permit.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(5), permit.RetryAfter);
    }

    [Fact]
    public async Task OnAttempt_ConsecutiveConnectFailures_OpenUnreachableFailFastThenOneProbeRecovers()
    {
        var circuit = Circuit();
        for (var i = 0; i < 4; i++)
        {
            circuit.OnAttempt(Refused());
        }

        circuit.OnAttempt(Status(500));
        for (var i = 0; i < 4; i++)
        {
            circuit.OnAttempt(Refused());
        }

        Assert.Equal(CircuitState.Closed, circuit.State);
        circuit.OnAttempt(Refused());
        Assert.True(circuit.Unreachable);

        // Unreachable: even a caller with a long budget fails fast.
        var refused = await circuit.EnterAsync(TimeSpan.FromMinutes(1), default);
        Assert.False(refused.IsAllowed);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter);

        _time.Advance(TimeSpan.FromSeconds(5));
        var probe = await circuit.EnterAsync(TimeSpan.FromMinutes(1), default);
        Assert.True(probe.IsProbe);
        Assert.False((await circuit.EnterAsync(TimeSpan.FromMinutes(1), default)).IsAllowed);
        circuit.OnCall(probe: true, Ok());
        Assert.True((await circuit.EnterAsync(TimeSpan.FromMinutes(1), default)).IsAllowed);
    }

    [Fact]
    public async Task OnCall_ProbeFails_OpensForAnotherBreak()
    {
        var circuit = Circuit();
        for (var i = 0; i < 5; i++)
        {
            circuit.OnAttempt(Refused());
        }

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await circuit.EnterAsync(TimeSpan.Zero, default)).IsProbe);
        circuit.OnCall(probe: true, Refused());

        Assert.Equal(CircuitState.Open, circuit.State);
        Assert.False((await circuit.EnterAsync(TimeSpan.Zero, default)).IsAllowed);
        Assert.Equal(2, circuit.Openings);
    }
}
