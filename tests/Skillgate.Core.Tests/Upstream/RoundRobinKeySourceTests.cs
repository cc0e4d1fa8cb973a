using Microsoft.Extensions.Time.Testing;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class RoundRobinKeySourceTests
{
    private static RoundRobinKeySource Create(FakeTimeProvider time, int keys = 3) =>
        new("test", [.. Enumerable.Range(0, keys).Select(i => ($"k{i}", new UpstreamSecret($"sk-secret-{i}")))], TimeSpan.FromSeconds(1), time);

    private static UpstreamKeyRequest Request => new("test", new UpstreamRequest(default, stream: false) { Model = "m", EstimatedInputTokens = 10, MaxTokens = 10 }, 0);

    private static UpstreamKeyOutcome Outcome(UpstreamKeyOutcomeKind kind, int status, TimeSpan? retryAfter = null) =>
        new(kind, status, default, retryAfter, null);

    [Fact]
    public async Task AcquireAsync_RotatesOverKeys()
    {
        var source = Create(new FakeTimeProvider());
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var lease = await source.AcquireAsync(Request);
            ids.Add(lease.KeyId);
        }

        Assert.Equal(["k0", "k1", "k2", "k0", "k1", "k2"], ids);
    }

    [Fact]
    public async Task Report_RateLimited_KeyCoolsDownForRetryAfter()
    {
        var time = new FakeTimeProvider();
        var source = Create(time, keys: 2);
        using (var lease = await source.AcquireAsync(Request))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.RateLimited, 429, TimeSpan.FromSeconds(5)));
        }

        for (var i = 0; i < 4; i++)
        {
            using var other = await source.AcquireAsync(Request);
            Assert.Equal("k1", other.KeyId);
        }

        time.Advance(TimeSpan.FromSeconds(5));
        var seen = new HashSet<string>();
        for (var i = 0; i < 2; i++)
        {
            using var lease = await source.AcquireAsync(Request);
            seen.Add(lease.KeyId);
        }

        Assert.Contains("k0", seen);
    }

    [Fact]
    public async Task AcquireAsync_AllCoolingDown_WaitsForEarliest()
    {
        var time = new FakeTimeProvider();
        var source = Create(time, keys: 1);
        using (var lease = await source.AcquireAsync(Request))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.RateLimited, 429, TimeSpan.FromSeconds(2)));
        }

        var pending = source.AcquireAsync(Request).AsTask();
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));
        using var granted = await pending.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("k0", granted.KeyId);
    }

    [Fact]
    public async Task AcquireAsync_Waiting_CancelledByCaller()
    {
        var time = new FakeTimeProvider();
        var source = Create(time, keys: 1);
        using (var lease = await source.AcquireAsync(Request))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.RateLimited, 429, TimeSpan.FromMinutes(1)));
        }

        using var cts = new CancellationTokenSource();
        var pending = source.AcquireAsync(Request, cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task Report_Rejected_TakesKeyOutOfService()
    {
        var source = Create(new FakeTimeProvider(), keys: 2);
        using (var lease = await source.AcquireAsync(Request))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.Rejected, 401));
        }

        Assert.Equal(1, source.InService);
        using (var lease = await source.AcquireAsync(Request))
        {
            Assert.Equal("k1", lease.KeyId);
            lease.Report(Outcome(UpstreamKeyOutcomeKind.Rejected, 403));
        }

        var error = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Request).AsTask());
        Assert.Equal(UpstreamErrorKind.NoKeyAvailable, error.Kind);
        Assert.DoesNotContain("sk-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lease_ReportsOnce()
    {
        var source = Create(new FakeTimeProvider(), keys: 1);
        using (var lease = await source.AcquireAsync(Request))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.Success, 200));
            lease.Report(Outcome(UpstreamKeyOutcomeKind.Rejected, 401));
        }

        Assert.Equal(1, source.InService);
    }

    [Fact]
    public void Secret_ToString_IsRedacted()
    {
        var secret = new UpstreamSecret("sk-ant-very-secret");
        Assert.Equal("[redacted]", secret.ToString());
        Assert.DoesNotContain("very-secret", $"{secret}", StringComparison.Ordinal);
        Assert.Equal("k", new UpstreamKeyOptions { Id = "k", Value = "sk-ant-very-secret" }.ToString());
    }

    [Fact]
    public void ReadRateLimits_Headers_Parsed()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("anthropic-ratelimit-requests-limit", "50");
        response.Headers.TryAddWithoutValidation("anthropic-ratelimit-requests-remaining", "49");
        response.Headers.TryAddWithoutValidation("anthropic-ratelimit-requests-reset", "2026-11-25T12:00:01Z");
        var outcome = new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Success, 200, default, null, response.Headers);
        var snapshot = outcome.ReadRateLimits(DateTimeOffset.UnixEpoch);
        Assert.Equal(50, snapshot?.Requests?.Limit);
        Assert.Equal(49, snapshot?.Requests?.Remaining);
        Assert.Null(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Failed, 0, default, null, null).ReadRateLimits(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Resolve_EnvironmentVariable_ReadsSecret()
    {
        var options = new UpstreamOptions { Name = "env" };
        options.Keys.Add(new UpstreamKeyOptions { EnvironmentVariable = "PATH" });
        options.Keys.Add(new UpstreamKeyOptions { Id = "direct", Value = "sk-direct" });
        var keys = UpstreamKeyResolver.Resolve(options);
        Assert.Equal(["key-0", "direct"], keys.Select(k => k.Id));
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), keys[0].Secret.Expose());
    }
}
