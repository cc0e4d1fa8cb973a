using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using Skillgate.Upstream;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

/// <summary>Pinned and unmetered calls on the scheduler's key source.</summary>
public sealed class SchedulerPinningTests
{
    private static readonly string FingerprintOfB = new UpstreamSecret(Key("b").ApiKey).Fingerprint;

    private readonly FakeTimeProvider _time = new(Start);

    private AdmissionScheduler TwoKeys() => Create(Options(Key("a", rpm: 6), Key("b", rpm: 6)), _time);

    private static UpstreamKeyRequest Attempt(string? fingerprint = null, DateTimeOffset? deadline = null, bool metered = true) =>
        new("anthropic", new UpstreamRequest(default, stream: false)
        {
            Model = Model, EstimatedInputTokens = 100, MaxTokens = 100, KeyFingerprint = fingerprint, Deadline = deadline, Metered = metered,
        }, 0);

    private static void Spend(IUpstreamKeyLease lease) => lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Failed, 500, default, null, null));

    [Fact]
    public async Task AcquireAsync_Pinned_OnlyThatKey()
    {
        using var scheduler = TwoKeys();
        var source = scheduler.AsKeySource(timeProvider: _time);
        for (var i = 0; i < 6; i++)
        {
            using var lease = await source.AcquireAsync(Attempt(FingerprintOfB));
            Assert.Equal("b", lease.KeyId);
            Assert.Equal(FingerprintOfB, lease.Secret.Fingerprint);
            Spend(lease);
        }
    }

    [Fact]
    public async Task AcquireAsync_PinnedKeySpent_WaitsForItWhileOthersPass()
    {
        using var scheduler = TwoKeys();
        var source = scheduler.AsKeySource(timeProvider: _time);
        for (var i = 0; i < 6; i++)
        {
            Spend(await source.AcquireAsync(Attempt(FingerprintOfB)));
        }

        var pinned = source.AcquireAsync(Attempt(FingerprintOfB, Start.AddSeconds(30))).AsTask();
        Assert.False(pinned.IsCompleted);

        // The pinned waiter holds back nobody that key a can serve.
        for (var i = 0; i < 6; i++)
        {
            using var other = await source.AcquireAsync(Attempt()).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal("a", other.KeyId);
            Spend(other);
        }

        Assert.False(pinned.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        using var lease = await pinned.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("b", lease.KeyId);
        Assert.Equal(TimeSpan.FromSeconds(10), lease.QueueWait);
    }

    [Fact]
    public async Task AcquireAsync_PinnedKeyCannotMakeTheDeadline_RefusedAtOnceThoughAnotherKeyIsFree()
    {
        using var scheduler = TwoKeys();
        var source = scheduler.AsKeySource(timeProvider: _time);
        for (var i = 0; i < 6; i++)
        {
            Spend(await source.AcquireAsync(Attempt(FingerprintOfB)));
        }

        var error = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Attempt(FingerprintOfB, Start.AddSeconds(5))).AsTask());

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(10, error.RetryAfter!.Value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AcquireAsync_UnknownFingerprint_NoKeyAvailableWithoutSecrets(bool metered)
    {
        using var scheduler = TwoKeys();
        var source = scheduler.AsKeySource(timeProvider: _time);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Attempt("0123456789abcdef", metered: metered)).AsTask());

        Assert.Equal(UpstreamErrorKind.NoKeyAvailable, error.Kind);
        Assert.Contains("0123456789abcdef", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, scheduler.QueueLength);
    }

    [Fact]
    public async Task AcquireAsync_Unmetered_ReservesNothingSkipsTheQueueAndIts429CoolsNothing()
    {
        using var scheduler = TwoKeys();
        var source = scheduler.AsKeySource(timeProvider: _time);
        for (var i = 0; i < 12; i++)
        {
            Spend(await source.AcquireAsync(Attempt()));
        }

        var queued = source.AcquireAsync(Attempt(deadline: Start.AddSeconds(60))).AsTask();
        Assert.Equal(1, scheduler.QueueLength);
        var before = scheduler.Pool.Keys.Select(k => k.Buckets(Model, scheduler.CurrentTime).Available(scheduler.CurrentTime)).ToList();

        for (var i = 0; i < 20; i++)
        {
            using var lease = await source.AcquireAsync(Attempt(i % 2 == 0 ? FingerprintOfB : null, metered: false));
            Assert.True(lease.KeyId is "a" or "b");
            Assert.Equal(TimeSpan.Zero, lease.QueueWait);
            lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.RateLimited, 429, default, TimeSpan.FromMinutes(5), null));
        }

        var after = scheduler.Pool.Keys.Select(k => k.Buckets(Model, scheduler.CurrentTime).Available(scheduler.CurrentTime)).ToList();
        Assert.Equal(before, after);
        Assert.All(scheduler.Pool.Keys, k => Assert.True(k.CooldownUntil <= 0));
        Assert.Equal(0, scheduler.Pool.Keys.Sum(k => k.InFlight));
        Assert.False(queued.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(10));
        using var admitted = await queued.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AcquireAsync_UnmeteredOnQuarantinedKey_SkipsItAndPinnedToItIsRefused()
    {
        using var scheduler = TwoKeys();
        var source = scheduler.AsKeySource(timeProvider: _time);
        using (var lease = await source.AcquireAsync(Attempt(FingerprintOfB, metered: false)))
        {
            lease.Report(new UpstreamKeyOutcome(UpstreamKeyOutcomeKind.Rejected, 401, default, null, null));
        }

        Assert.Equal(KeyHealth.Quarantined, scheduler.Pool.Keys.Single(k => k.Name == "b").Health);
        for (var i = 0; i < 4; i++)
        {
            using var lease = await source.AcquireAsync(Attempt(metered: false));
            Assert.Equal("a", lease.KeyId);
        }

        var error = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Attempt(FingerprintOfB, metered: false)).AsTask());
        Assert.Equal(UpstreamErrorKind.NoKeyAvailable, error.Kind);
        Assert.NotNull(error.RetryAfter);
    }
}
