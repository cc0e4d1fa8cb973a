using System.Diagnostics;
using System.Text;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class UpstreamClientTests
{
    [Fact]
    public async Task SendAsync_Healthy_ReturnsBodyUnchangedWithUsage()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var response = await client.SendAsync(TransportFixture.Request(stream: false));
        Assert.Equal(ScriptedUpstream.Json, Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal(new UpstreamUsage(10, 2), response.Usage);
        Assert.Equal(1, response.Attempts);
    }

    [Theory]
    [InlineData(529, "overloaded_error")]
    [InlineData(500, "api_error")]
    [InlineData(503, "overloaded_error")]
    [InlineData(408, "timeout_error")]
    [InlineData(409, "invalid_request_error")]
    public async Task SendAsync_TransientStatusOnce_RetriesAndSucceeds(int status, string type)
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(status, type));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var response = await client.SendAsync(TransportFixture.Request(stream: false));
        Assert.Equal(2, response.Attempts);
        Assert.Equal(2, upstream.Requests);
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    [InlineData(404, "not_found_error")]
    [InlineData(413, "request_too_large")]
    public async Task SendAsync_ClientError_NotRetriedAndPassedThrough(int status, string type)
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(status, type, ("x-should-retry", "true")));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress, keys: 2));
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(type, error.ErrorType);
        Assert.Equal(1, error.Attempts);
        Assert.Equal(1, upstream.Requests);
        Assert.Contains($"\"type\":\"{type}\"", Encoding.UTF8.GetString(error.UpstreamBody.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_RateLimitedKey_RetryUsesAnotherKey()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(429, "rate_limit_error", ("retry-after", "30")));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress, keys: 2));
        var stopwatch = Stopwatch.StartNew();
        var response = await client.SendAsync(TransportFixture.Request(stream: false));
        Assert.Equal(2, response.Attempts);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), "the retry went to the other key instead of waiting for retry-after");
        var keys = upstream.KeysSeen.ToArray();
        Assert.NotEqual(keys[0], keys[1]);
    }

    [Fact]
    public async Task SendAsync_RejectedKey_TakenOutOfServiceForLaterCalls()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(401, "authentication_error"));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress, keys: 2));
        await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        var bad = upstream.KeysSeen.ToArray()[0];
        for (var i = 0; i < 4; i++)
        {
            await client.SendAsync(TransportFixture.Request(stream: false));
        }

        Assert.Equal(1, upstream.KeysSeen.Count(k => k == bad));
    }

    [Fact]
    public async Task SendAsync_RetryAfterMs_Honoured()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(529, "overloaded_error", ("retry-after-ms", "300")));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var stopwatch = Stopwatch.StartNew();
        await client.SendAsync(TransportFixture.Request(stream: false));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"retried after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task SendAsync_ShouldRetryFalse_NotRetried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(529, "overloaded_error", ("x-should-retry", "false")));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(529, error.StatusCode);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task SendAsync_RetryAfterBeyondCap_FailsWithRetryAfter()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(503, "overloaded_error", ("retry-after", "120")));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task SendAsync_PersistentFailure_StopsAfterMaxRetries()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            upstream.Then(ScriptedUpstream.Error(500, "api_error"));
        }

        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress, maxRetries: 2));
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, upstream.Requests);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task SendAsync_RetryBudgetEmpty_NoRetry()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(529, "overloaded_error"));
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.Retry.BudgetRatio = 0;
        options.Retry.BudgetMinRetriesPerSecond = 0;
        using var client = new UpstreamClient(options);
        await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task SendAsync_ResetBeforeHeaders_Retried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Reset);
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var response = await client.SendAsync(TransportFixture.Request(stream: false));
        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task SendAsync_StallBeforeHeaders_ResponseHeadersTimeoutThenRetry()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Stall);
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.Timeouts.ResponseHeaders = TimeSpan.FromSeconds(1);
        using var client = new UpstreamClient(options);
        var response = await client.SendAsync(TransportFixture.Request(stream: false));
        Assert.Equal(2, response.Attempts);
    }

    [Fact]
    public async Task SendAsync_StallEveryTime_TotalTimeoutIsNotRetried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Stall).Then(ScriptedUpstream.Stall);
        var options = TransportFixture.Options(upstream.BaseAddress);
        options.Timeouts.Total = TimeSpan.FromMilliseconds(300);
        using var client = new UpstreamClient(options);
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(UpstreamErrorKind.TotalTimeout, error.Kind);
        Assert.Equal(504, error.StatusCode);
        Assert.Equal("timeout_error", error.ErrorType);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_OperationCanceledNotTimeout()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Stall);
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(TransportFixture.Request(stream: false), cts.Token));
        Assert.Equal(0, client.InFlight);
        Assert.True(upstream.Requests <= 1, "a cancelled call is not retried");
    }

    [Fact]
    public async Task SendAsync_CircuitOpens_FailsFastWithoutCallingUpstream()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            upstream.Then(ScriptedUpstream.Error(500, "api_error"));
        }

        var options = TransportFixture.Options(upstream.BaseAddress, maxRetries: 0);
        // MaxWaitWhileOpen zero: a call does not wait for the probe's verdict (CircuitBreakerTests covers the wait).
        options.CircuitBreaker = new UpstreamCircuitBreakerOptions { Enabled = true, MinimumThroughput = 4, FailureRatio = 0.5, BreakDuration = TimeSpan.FromMilliseconds(600), MaxWaitWhileOpen = TimeSpan.Zero };
        using var client = new UpstreamClient(options);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        }

        var open = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        Assert.Equal(UpstreamErrorKind.CircuitOpen, open.Kind);
        Assert.Equal(503, open.StatusCode);
        Assert.Equal(4, upstream.Requests);

        await Task.Delay(700);
        var probe = await client.SendAsync(TransportFixture.Request(stream: false));
        Assert.Equal(1, probe.Attempts);
        Assert.Equal(5, upstream.Requests);
    }

    [Fact]
    public async Task SendAsync_RetryWouldEndPastDeadline_NotRetried()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(529, "overloaded_error", ("retry-after", "2")));
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress));
        var request = new UpstreamRequest(TransportFixture.Request(stream: false).Body, stream: false) { Deadline = DateTimeOffset.UtcNow.AddSeconds(1) };
        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(request));
        Assert.Equal(529, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Equal(1, upstream.Requests);
    }
}
