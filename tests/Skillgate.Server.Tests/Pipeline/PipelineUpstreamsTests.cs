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
}
