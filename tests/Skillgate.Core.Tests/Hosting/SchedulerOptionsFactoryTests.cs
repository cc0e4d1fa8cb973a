using Skillgate.Hosting;
using Skillgate.Scheduling;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Hosting;

public sealed class SchedulerOptionsFactoryTests
{
    private static SkillgateOptions Options()
    {
        var options = new SkillgateOptions();
        var upstream = new UpstreamOptions { Name = "main", BaseAddress = new Uri("http://127.0.0.1:1") };
        upstream.Keys.Add(new UpstreamKeyOptions { Id = "team-a", Value = "sk-test-a" });
        upstream.Keys.Add(new UpstreamKeyOptions { Value = "sk-test-b" });
        options.Upstreams.Add(upstream);
        return options;
    }

    [Fact]
    public void EnableScheduler_Default_IsOn()
    {
        Assert.True(new SkillgateOptions().EnableScheduler);
        Assert.True(new SkillgateOptions().SchedulerEnabled);
    }

    [Fact]
    public void Create_NoLimitsConfigured_EveryKeyStartsUnknownWithTierOneFallback()
    {
        var keys = Assert.Single(SchedulerOptionsFactory.Create(Options()).Upstreams).Keys;

        Assert.All(keys, k => Assert.True(k.LimitsUnknown));
        Assert.All(keys, k => Assert.Equal(new RateLimitOptions().RequestsPerMinute, k.Limits.RequestsPerMinute));
    }

    [Fact]
    public void Create_KeyLimitsForOneKey_OnlyTheOtherIsUnknown()
    {
        var options = Options();
        options.KeyLimits["team-a"] = new RateLimitOptions { RequestsPerMinute = 7 };

        var keys = Assert.Single(SchedulerOptionsFactory.Create(options).Upstreams).Keys;

        Assert.Equal([("team-a", false, 7), ("key-1", true, 50)], keys.Select(k => (k.Name, k.LimitsUnknown, k.Limits.RequestsPerMinute)));
    }

    [Fact]
    public void Create_DefaultKeyLimits_EveryKeyKnown()
    {
        var options = Options();
        options.DefaultKeyLimits = new RateLimitOptions { RequestsPerMinute = 9 };

        var keys = Assert.Single(SchedulerOptionsFactory.Create(options).Upstreams).Keys;

        Assert.All(keys, k => Assert.False(k.LimitsUnknown));
        Assert.All(keys, k => Assert.Equal(9, k.Limits.RequestsPerMinute));
    }
}
