using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class FairnessTests
{
    private readonly FakeTimeProvider _time = new(Start);

    private static List<Task<AdmissionResult>> Flood(AdmissionScheduler scheduler, string tenant, int count, DateTimeOffset deadline)
        => [.. Enumerable.Range(0, count).Select(_ => scheduler.AdmitAsync(Request(tenant: tenant, deadline: deadline)).AsTask())];

    [Fact]
    public void AdmitAsync_FloodingTenant_CannotStarveAnother()
    {
        // 60 RPM: one admission per second once the initial burst is spent.
        using var scheduler = Create(Options(Key("a", rpm: 60)), _time);
        var deadline = Start.AddHours(1);
        var flood = Flood(scheduler, "flood", 300, deadline);
        Assert.Equal(240, scheduler.QueueLength);

        var quiet = scheduler.AdmitAsync(Request(tenant: "quiet", deadline: deadline)).AsTask();
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(quiet.Done().IsAdmitted);
        Assert.Equal(61, flood.Count(t => t.IsCompleted));
    }

    [Fact]
    public void AdmitAsync_TwoFloodingTenants_ShareEqually()
    {
        using var scheduler = Create(Options(Key("a", rpm: 60)), _time);
        for (var i = 0; i < 60; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var deadline = Start.AddHours(1);
        var a = Flood(scheduler, "a", 100, deadline);
        var b = Flood(scheduler, "b", 100, deadline);

        for (var i = 0; i < 60; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(a.Count(t => t.IsCompleted), 29, 31);
        Assert.InRange(b.Count(t => t.IsCompleted), 29, 31);
    }

    [Fact]
    public void AdmitAsync_WeightedTenants_ShareByWeight()
    {
        var options = Options(Key("a", rpm: 60));
        options.TenantWeights["gold"] = 3;
        using var scheduler = Create(options, _time);
        for (var i = 0; i < 60; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var deadline = Start.AddHours(1);
        var gold = Flood(scheduler, "gold", 100, deadline);
        var free = Flood(scheduler, "free", 100, deadline);

        // One second at a time: a single long step would let the full bucket admit a burst at its end.
        for (var i = 0; i < 80; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(gold.Count(t => t.IsCompleted), 58, 62);
        Assert.InRange(free.Count(t => t.IsCompleted), 18, 22);
    }

    [Fact]
    public void AdmitAsync_LightTenantBehindFlood_ExpectedWaitCountsOnlyItsShare()
    {
        using var scheduler = Create(Options(Key("a", rpm: 60)), _time);
        for (var i = 0; i < 60; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        _ = Flood(scheduler, "flood", 500, Start.AddHours(1));

        // 500 requests are queued (over 8 minutes), yet the quiet tenant is served within seconds.
        var quiet = scheduler.AdmitAsync(Request(tenant: "quiet", deadline: Start.AddSeconds(5))).AsTask();
        Assert.False(quiet.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(quiet.Done().IsAdmitted);
    }
}
