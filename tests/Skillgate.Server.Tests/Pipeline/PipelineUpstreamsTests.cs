using Microsoft.Extensions.Configuration;
using Skillgate.Server.Hosting;
using Skillgate.Server.Pipeline;

namespace Skillgate.Server.Tests.Pipeline;

public sealed class PipelineUpstreamsTests
{
    private static GatewayOptions Options()
    {
        var options = new GatewayOptions();
        options.Upstream.BaseUrl = new Uri("http://127.0.0.1:9");
        options.Upstream.Keys.Add("sk-test-one");
        options.Upstream.Keys.Add("sk-test-two");
        return options;
    }

    [Fact]
    public void Scheduler_Defaults_StartConcurrencyHighEnoughForTenThousandStreams()
    {
        var scheduler = PipelineUpstreams.Scheduler(Options());

        var upstream = Assert.Single(scheduler.Upstreams);
        Assert.Equal(2, upstream.Keys.Count);
        Assert.True(upstream.Concurrency.InitialLimit >= 10_000, $"initial concurrency {upstream.Concurrency.InitialLimit}");
        Assert.True(upstream.Concurrency.MaxLimit >= upstream.Concurrency.InitialLimit);
    }

    [Fact]
    public void Scheduler_ConfiguredConcurrency_ReachesEveryScheduledUpstream()
    {
        var options = Options();
        options.Scheduler.Concurrency.InitialLimit = 100;
        options.Scheduler.Concurrency.MaxLimit = 200;
        options.Scheduler.Concurrency.BackoffRatio = 0.5;

        var scheduler = PipelineUpstreams.Scheduler(options);

        var concurrency = Assert.Single(scheduler.Upstreams).Concurrency;
        Assert.Equal(100, concurrency.InitialLimit);
        Assert.Equal(200, concurrency.MaxLimit);
        Assert.Equal(0.5, concurrency.BackoffRatio);
        Assert.NotSame(options.Scheduler.Concurrency, concurrency);
    }

    [Fact]
    public void Scheduler_ClientKeyWeights_BecomeTenantWeights()
    {
        var options = Options();
        options.ClientKeys.Add(new ClientKeyOptions { Key = "sg-heavy-0123456789", Tenant = "heavy", Weight = 3 });
        options.ClientKeys.Add(new ClientKeyOptions { Key = "sg-heavy-9876543210", Tenant = "heavy", Weight = 3 });
        options.ClientKeys.Add(new ClientKeyOptions { Key = "sg-light-0123456789", Tenant = "light" });

        var weights = PipelineUpstreams.Scheduler(options).TenantWeights;

        Assert.Equal(3, weights["heavy"]);
        Assert.Equal(1, weights["light"]);
        Assert.Equal(2, weights.Count);
    }

    [Fact]
    public void Scheduler_TenantsOwnKeys_TakeTheirOwnLimitsAndDefaultsWhereUnset()
    {
        var options = Options();
        options.Upstream.KeyLimits.Add(new GatewayKeyLimitOptions { RequestsPerMinute = 50 });
        var owner = new ClientKeyOptions { Key = "sg-owner-0123456789", Tenant = "owner" };
        owner.UpstreamKeys.Add("sk-own-one");
        owner.UpstreamKeys.Add("sk-own-two");
        owner.UpstreamKeys.Add("sk-own-three");
        owner.UpstreamKeyLimits.Add(new GatewayKeyLimitOptions { RequestsPerMinute = 20, InputTokensPerMinute = 10_000, OutputTokensPerMinute = 2_000 });
        owner.UpstreamKeyLimits.Add(new GatewayKeyLimitOptions { OutputTokensPerMinute = 3_000 });
        options.ClientKeys.Add(owner);

        var scheduler = PipelineUpstreams.Scheduler(options);

        var shared = scheduler.Upstreams.Single(u => u.Name == PipelineUpstreams.Shared).Keys;
        Assert.Equal([50, 4_000], shared.Select(k => k.Limits.RequestsPerMinute));
        var own = scheduler.Upstreams.Single(u => u.Name == PipelineUpstreams.ForTenant("owner")).Keys.Select(k => k.Limits).ToList();
        Assert.Equal((20, 10_000, 2_000), (own[0].RequestsPerMinute, own[0].InputTokensPerMinute, own[0].OutputTokensPerMinute));
        Assert.Equal((4_000, 2_000_000, 3_000), (own[1].RequestsPerMinute, own[1].InputTokensPerMinute, own[1].OutputTokensPerMinute));
        Assert.Equal((4_000, 2_000_000, 400_000), (own[2].RequestsPerMinute, own[2].InputTokensPerMinute, own[2].OutputTokensPerMinute));
        // Keys with a limit configured are known; the rest learn theirs from the upstream's headers (a probe first).
        Assert.Equal([false, true], shared.Select(k => k.LimitsUnknown));
        Assert.Equal([false, false, true], scheduler.Upstreams.Single(u => u.Name == PipelineUpstreams.ForTenant("owner")).Keys.Select(k => k.LimitsUnknown));
    }

    [Fact]
    public void Scheduler_UpstreamDefaultLimitSet_EveryKeyKnownWithFallbackForTheOthers()
    {
        var options = Options();
        options.Upstream.RequestsPerMinute = 100;

        var keys = Assert.Single(PipelineUpstreams.Scheduler(options).Upstreams).Keys;

        Assert.All(keys, k => Assert.False(k.LimitsUnknown));
        Assert.All(keys, k => Assert.Equal((100, GatewayUpstreamOptions.FallbackInputTokensPerMinute), (k.Limits.RequestsPerMinute, k.Limits.InputTokensPerMinute)));
    }

    [Fact]
    public void Scheduler_BoundFromJson_WeightAndTenantKeyLimitsArrive()
    {
        const string Json = """
            {
              "Skillgate": {
                "Upstream": { "BaseUrl": "http://127.0.0.1:9", "Keys": [ "sk-shared" ] },
                "ClientKeys": [
                  { "Key": "sg-owner-0123456789", "Tenant": "owner", "Weight": 2.5,
                    "UpstreamKeys": [ "sk-own" ], "UpstreamKeyLimits": [ { "RequestsPerMinute": 30 } ] }
                ]
              }
            }
            """;
        var options = new GatewayOptions();
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Json))).Build()
            .GetSection(GatewayOptions.SectionName).Bind(options);

        var scheduler = PipelineUpstreams.Scheduler(options);

        Assert.Equal(2.5, scheduler.TenantWeights["owner"]);
        var own = Assert.Single(scheduler.Upstreams.Single(u => u.Name == PipelineUpstreams.ForTenant("owner")).Keys);
        Assert.Equal(30, own.Limits.RequestsPerMinute);
    }
}
