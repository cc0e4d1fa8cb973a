using Microsoft.Extensions.Time.Testing;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

/// <summary>Pinned and unmetered calls on the built-in key source (the no-scheduler path).</summary>
public sealed class RoundRobinPinningTests
{
    private static readonly string FingerprintOfK1 = new UpstreamSecret("sk-secret-1").Fingerprint;

    private static RoundRobinKeySource Create(FakeTimeProvider time, int keys = 2) =>
        new("test", [.. Enumerable.Range(0, keys).Select(i => ($"k{i}", new UpstreamSecret($"sk-secret-{i}")))], TimeSpan.FromSeconds(1), time);

    private static UpstreamKeyRequest Request(string? fingerprint = null, bool metered = true) =>
        new("test", new UpstreamRequest(default, stream: false) { Model = "m", MaxTokens = 10, KeyFingerprint = fingerprint, Metered = metered }, 0);

    private static UpstreamKeyOutcome Outcome(UpstreamKeyOutcomeKind kind, int status, TimeSpan? retryAfter = null) => new(kind, status, default, retryAfter, null);

    [Fact]
    public async Task AcquireAsync_Pinned_AlwaysThatKey()
    {
        var source = Create(new FakeTimeProvider());
        for (var i = 0; i < 20; i++)
        {
            using var lease = await source.AcquireAsync(Request(FingerprintOfK1));
            Assert.Equal("k1", lease.KeyId);
            Assert.Equal(FingerprintOfK1, lease.Secret.Fingerprint);
        }
    }

    [Fact]
    public async Task AcquireAsync_PinnedKeyCoolingDown_WaitsForItWhileTheOtherIsFree()
    {
        var time = new FakeTimeProvider();
        var source = Create(time);
        using (var lease = await source.AcquireAsync(Request(FingerprintOfK1)))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.RateLimited, 429, TimeSpan.FromSeconds(5)));
        }

        var pending = source.AcquireAsync(Request(FingerprintOfK1)).AsTask();
        using (var free = await source.AcquireAsync(Request()))
        {
            Assert.Equal("k0", free.KeyId);
        }

        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        using var granted = await pending.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("k1", granted.KeyId);
    }

    [Fact]
    public async Task AcquireAsync_UnknownFingerprint_NoKeyAvailableWithoutSecrets()
    {
        var source = Create(new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Request("0123456789abcdef")).AsTask());

        Assert.Equal(UpstreamErrorKind.NoKeyAvailable, error.Kind);
        Assert.Contains("0123456789abcdef", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_PinnedKeyOutOfService_NoKeyAvailable()
    {
        var source = Create(new FakeTimeProvider());
        using (var lease = await source.AcquireAsync(Request(FingerprintOfK1)))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.Rejected, 401));
        }

        var error = await Assert.ThrowsAsync<UpstreamException>(() => source.AcquireAsync(Request(FingerprintOfK1)).AsTask());
        Assert.Equal(UpstreamErrorKind.NoKeyAvailable, error.Kind);
    }

    [Fact]
    public async Task AcquireAsync_Unmetered_IgnoresCooldownAndItsRateLimitSetsNone()
    {
        var time = new FakeTimeProvider();
        var source = Create(time, keys: 1);
        using (var lease = await source.AcquireAsync(Request(metered: false)))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.RateLimited, 429, TimeSpan.FromMinutes(1)));
        }

        // The unmetered 429 did not cool the key: a Messages call gets it at once.
        using (var metered = await source.AcquireAsync(Request()))
        {
            metered.Report(Outcome(UpstreamKeyOutcomeKind.RateLimited, 429, TimeSpan.FromMinutes(1)));
        }

        // Now the key cools down for Messages calls, but an unmetered call still gets it.
        var messages = source.AcquireAsync(Request()).AsTask();
        Assert.False(messages.IsCompleted);
        using var unmetered = await source.AcquireAsync(Request(metered: false));
        Assert.Equal("k0", unmetered.KeyId);
    }

    [Fact]
    public async Task AcquireAsync_UnmeteredAfterRejection_SkipsTheKeyOutOfService()
    {
        var source = Create(new FakeTimeProvider());
        using (var lease = await source.AcquireAsync(Request(FingerprintOfK1, metered: false)))
        {
            lease.Report(Outcome(UpstreamKeyOutcomeKind.Rejected, 403));
        }

        for (var i = 0; i < 4; i++)
        {
            using var lease = await source.AcquireAsync(Request(metered: false));
            Assert.Equal("k0", lease.KeyId);
        }
    }
}
