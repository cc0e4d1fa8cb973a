using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class FairnessTests
{
    private readonly FakeTimeProvider _time = new(Start);

    private static List<Task<AdmissionResult>> Flood(AdmissionScheduler scheduler, string tenant, int count, DateTimeOffset deadline)
        => [.. Enumerable.Range(0, count).Select(_ => scheduler.AdmitAsync(Request(tenant: tenant, deadline: deadline)).AsTask())];

    // Admitted, not merely completed: a rejection completes the task too.
    private static int Admitted(List<Task<AdmissionResult>> admissions)
        => admissions.Count(t => t.IsCompletedSuccessfully && t.Result.IsAdmitted);

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
        Assert.Equal(61, Admitted(flood));
    }

    [Theory]
    [InlineData(1, 60, 29, 31, 29, 31)]
    [InlineData(3, 80, 58, 62, 18, 22)]
    public void AdmitAsync_TwoFloodingTenants_ShareByWeight(double goldWeight, int seconds, int goldMin, int goldMax, int freeMin, int freeMax)
    {
        var options = Options(Key("a", rpm: 60));
        options.TenantWeights["gold"] = goldWeight;
        using var scheduler = Create(options, _time);
        for (var i = 0; i < 60; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var deadline = Start.AddHours(1);
        var gold = Flood(scheduler, "gold", 100, deadline);
        var free = Flood(scheduler, "free", 100, deadline);

        // One second at a time: a single long step would let the full bucket admit a burst at its end.
        for (var i = 0; i < seconds; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(Admitted(gold), goldMin, goldMax);
        Assert.InRange(Admitted(free), freeMin, freeMax);
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
