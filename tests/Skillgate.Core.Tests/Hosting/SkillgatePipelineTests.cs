using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.AI;
using Skillgate.Hosting;
using Skillgate.Scheduling;
using Skillgate.Simulator;
using Skillgate.Upstream;
using Xunit.Abstractions;

namespace Skillgate.Core.Tests.Hosting;

/// <summary>The DI-built <see cref="IChatClient"/> against the simulator: the scheduler paces a fan-out to the key's limits.</summary>
public sealed class SkillgatePipelineTests(ITestOutputHelper output)
{
    private static async Task<SimulatorHost> StartSimulatorAsync(string key, int requestsPerMinute) =>
        await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Port = 0,
            Http2Port = -1,
            Keys = { new SimulatorKeyOptions { Key = key, RequestsPerMinute = requestsPerMinute } },
        });

    private static ServiceProvider Provider(SimulatorHost sim, string key, int requestsPerMinute, Action<SkillgateOptions>? configure = null) =>
        new ServiceCollection().AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { Name = "sim", BaseAddress = sim.BaseAddress, Protocol = UpstreamHttpProtocol.Http11 };
            upstream.Keys.Add(new UpstreamKeyOptions { Id = "team-a", Value = key });
            options.Upstreams.Add(upstream);
            options.DefaultMaxTokens = 64;
            options.KeyLimits["team-a"] = new RateLimitOptions
            {
                RequestsPerMinute = requestsPerMinute,
                InputTokensPerMinute = 1_000_000,
                OutputTokensPerMinute = 1_000_000,
            };
            configure?.Invoke(options);
        }).BuildServiceProvider();

    [Fact]
    public async Task GetResponseAsync_FanOutPastTheRpmLimit_PacedNoFailuresFew429s()
    {
        const int calls = 300;
        const int rpm = 280;
        await using var sim = await StartSimulatorAsync("sk-fan", rpm);
        await using var provider = Provider(sim, "sk-fan", rpm);
        var chat = provider.GetRequiredService<IChatClient>();
        Assert.NotNull(provider.GetService<IRequestScheduler>());
        // One cold call (JIT, tokenizer, connection), then time for both buckets to be full again: otherwise the cold
        // call's latency shifts the simulator's refill behind ours by that much, which shows as a 429 or two.
        await chat.GetResponseAsync("warm up");
        await Task.Delay(TimeSpan.FromSeconds(1));
        sim.ResetStats();

        var (failures, elapsed) = await ChatFanOut.RunAsync(chat, calls);

        var stats = sim.GetStats();
        output.WriteLine($"{calls} calls in {elapsed.TotalSeconds:F1} s; upstream requests {stats.Requests}, 429s {stats.RateLimited}; failures {failures.Count}");
        Assert.Empty(failures);
        Assert.True(stats.RateLimited <= calls / 100, $"upstream 429s: {stats.RateLimited}");
        Assert.Equal(calls, stats.Requests - stats.RateLimited);
        // The first 280 fit the full bucket; the other 20 wait for its refill at 280/60 per second (about 4.3 s).
        Assert.True(elapsed >= TimeSpan.FromSeconds(3), $"the RPM limit did not bind: {elapsed}");
    }

    [Fact]
    public async Task GetResponseAsync_DeadlineShorterThanTheWait_RejectedAtOnceNotSent()
    {
        await using var sim = await StartSimulatorAsync("sk-slow", 2);
        await using var provider = Provider(sim, "sk-slow", 2);
        var chat = provider.GetRequiredService<IChatClient>();
        await chat.GetResponseAsync("one");
        await chat.GetResponseAsync("two");

        var hurried = new ChatOptions
        {
            AdditionalProperties = new()
            {
                [SkillgateChatOptions.MaxQueueWait] = TimeSpan.FromMilliseconds(200),
                [SkillgateChatOptions.Tenant] = "tenant-b",
                [SkillgateChatOptions.Priority] = "batch",
            },
        };
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<UpstreamException>(() => chat.GetResponseAsync("three", hurried));
        clock.Stop();

        Assert.Equal(429, error.StatusCode);
        Assert.Equal("rate_limit_error", error.ErrorType);
        Assert.True(error.RetryAfter >= TimeSpan.FromSeconds(1), $"retry-after {error.RetryAfter}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the rejection waited {clock.Elapsed}");
        Assert.Equal(2, sim.GetStats().Requests);
    }

    [Fact]
    public async Task GetResponseAsync_CancelledWhileQueued_ThrowsAndLeavesTheQueue()
    {
        await using var sim = await StartSimulatorAsync("sk-queue", 2);
        await using var provider = Provider(sim, "sk-queue", 2);
        var chat = provider.GetRequiredService<IChatClient>();
        var scheduler = provider.GetRequiredService<IRequestScheduler>();
        await chat.GetResponseAsync("one");
        await chat.GetResponseAsync("two");

        using var cancel = new CancellationTokenSource();
        var queued = chat.GetResponseAsync("three", cancellationToken: cancel.Token);
        var deadline = Stopwatch.StartNew();
        while (scheduler.QueueLength == 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, scheduler.QueueLength);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.Equal(0, scheduler.QueueLength);
        Assert.Equal(2, sim.GetStats().Requests);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Scheduled_StreamsThenEmptyBucketRejects()
    {
        await using var sim = await StartSimulatorAsync("sk-stream", 1);
        await using var provider = Provider(sim, "sk-stream", 1);
        var chat = provider.GetRequiredService<IChatClient>();

        var text = string.Concat(await chat.GetStreamingResponseAsync("Tell me something.").Select(u => u.Text).ToListAsync());

        Assert.NotEmpty(text);
        var second = new ChatOptions { AdditionalProperties = new() { [SkillgateChatOptions.MaxQueueWait] = TimeSpan.Zero } };
        var error = await Assert.ThrowsAsync<UpstreamException>(() => chat.GetResponseAsync("again", second));
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(1, sim.GetStats().Requests);
    }

    [Fact]
    public async Task AddSkillgate_EnableSchedulerFalse_SchedulerOffRoundRobinServes()
    {
        await using var sim = await StartSimulatorAsync("sk-plain", 0);
        await using var provider = new ServiceCollection().AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { Name = "sim", BaseAddress = sim.BaseAddress, Protocol = UpstreamHttpProtocol.Http11 };
            upstream.Keys.Add(new UpstreamKeyOptions { Value = "sk-plain" });
            options.Upstreams.Add(upstream);
            options.EnableScheduler = false;
        }).BuildServiceProvider();

        Assert.Null(provider.GetService<IRequestScheduler>());
        var response = await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hello");
        Assert.NotEmpty(response.Text);
    }
}
