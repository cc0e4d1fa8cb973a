using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class KeyPoolTests
{
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void Select_MostHeadroom_PicksTheFullestKey()
    {
        using var scheduler = Create(Options(Key("small", otpm: 10_000), Key("big", otpm: 40_000)), _time);

        var keys = Enumerable.Range(0, 4).Select(_ => scheduler.AdmitAsync(Request(maxTokens: 2000)).Lease().KeyName).ToList();

        // big keeps the larger share free until it has given 3 of its 4 x 10,000-token quarters.
        Assert.Equal(["big", "big", "big", "small"], keys);
    }

    [Fact]
    public void Select_RoundRobin_AlternatesKeys()
    {
        var options = Options(Key("a"), Key("b"), Key("c"));
        options.KeySelection = KeySelectionPolicy.RoundRobin;
        using var scheduler = Create(options, _time);

        var keys = Enumerable.Range(0, 6).Select(_ => scheduler.AdmitAsync(Request()).Lease().KeyName).ToList();

        Assert.Equal(["a", "b", "c", "a", "b", "c"], keys);
    }

    [Fact]
    public void Select_Weighted_FollowsWeights()
    {
        var options = Options(Key("a", rpm: 10_000, weight: 3), Key("b", rpm: 10_000, weight: 1));
        options.KeySelection = KeySelectionPolicy.Weighted;
        using var scheduler = Create(options, _time);

        var keys = Enumerable.Range(0, 400).Select(_ => scheduler.AdmitAsync(Request(input: 1, maxTokens: 1)).Lease().KeyName).ToList();

        Assert.Equal(300, keys.Count(k => k == "a"));
        Assert.Equal(100, keys.Count(k => k == "b"));
    }

    [Fact]
    public void Select_KeysAcrossUpstreams_SumTheirCapacity()
    {
        var options = new SchedulerOptions
        {
            Upstreams =
            [
                new SchedulerUpstreamOptions { Name = "one", Keys = [Key("a", rpm: 6)] },
                new SchedulerUpstreamOptions { Name = "two", Keys = [Key("b", rpm: 6)] },
            ],
        };
        using var scheduler = Create(options, _time);

        var upstreams = Enumerable.Range(0, 12).Select(_ => scheduler.AdmitAsync(Request()).Lease().UpstreamName).ToList();

        Assert.Equal(6, upstreams.Count(u => u == "one"));
        Assert.Equal(6, upstreams.Count(u => u == "two"));
        Assert.False(scheduler.AdmitAsync(Request()).IsCompleted);
    }

    [Fact]
    public void Buckets_PerModelLimits_AreSeparate()
    {
        var key = Key("a", rpm: 6);
        key.ModelLimits[Fallback] = new RateLimitOptions { RequestsPerMinute = 2 };
        using var scheduler = Create(Options(key), _time);

        for (var i = 0; i < 6; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }

        var other = new AdmissionRequest { Model = Fallback, MaxTokens = 10 };
        Assert.True(scheduler.AdmitAsync(other).Completed().IsAdmitted);
        Assert.True(scheduler.AdmitAsync(other).Completed().IsAdmitted);
        Assert.False(scheduler.AdmitAsync(other).IsCompleted);
    }
}
