using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Hosting;
using Skillgate.Scheduling;
using Skillgate.Simulator;
using Skillgate.Upstream;
using Xunit.Abstractions;

namespace Skillgate.Core.Tests.Hosting;

/// <summary>
/// The library configured with nothing but an upstream URL and a key (no limits) against a low-tier simulated key:
/// the scheduler is on by default, probes the key's limits and paces a <c>Task.WhenAll</c> fan-out to them.
/// Simulator and library share a clock running <see cref="Speed"/> times faster, so a minute of limits passes in
/// a few seconds.
/// </summary>
public sealed class UnknownLimitsPipelineTests(ITestOutputHelper output)
{
    private const double Speed = 10;
    private const int Calls = 200;
    private const int Rpm = 120;

    [Fact]
    public async Task GetResponseAsync_NoLimitsConfiguredFanOut_SchedulerLearnsLimitsNoFailuresFew429s()
    {
        var (stats, failures, elapsed) = await FanOutAsync(enableScheduler: null);

        Assert.Empty(failures);
        Assert.True(stats.RateLimited <= Calls / 100, $"upstream 429s: {stats.RateLimited}");
        Assert.Equal(Calls, stats.Requests - stats.RateLimited);
        // 120 fit the simulator's full bucket; the other 80 wait for its refill at 2 per (scaled) second: 40 s / Speed.
        Assert.True(elapsed >= TimeSpan.FromSeconds(30 / Speed), $"the RPM limit did not bind: {elapsed}");
    }

    [Fact]
    public async Task GetResponseAsync_SchedulerDisabledFanOut_HitsTheWallOf429s()
    {
        var (stats, _, _) = await FanOutAsync(enableScheduler: false);

        Assert.True(stats.RateLimited > Calls / 100, $"upstream 429s: {stats.RateLimited}");
    }

    private async Task<(SimulatorStats Stats, List<string> Failures, TimeSpan Elapsed)> FanOutAsync(bool? enableScheduler)
    {
        var time = new ScaledTimeProvider(Speed);
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Port = 0,
            Http2Port = 0,
            TimeProvider = time,
            Keys = { new SimulatorKeyOptions { Key = "sk-low-tier", RequestsPerMinute = Rpm, InputTokensPerMinute = 20_000 } },
        });
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        await using var provider = services.AddSkillgate(options =>
        {
            // h2c, as the real API speaks HTTP/2: the burst released when the limits are learned then needs no new
            // connections, whose set-up time (ten times longer on the fast clock) the simulator's full bucket would not
            // refill during while ours does.
            var upstream = new UpstreamOptions { Name = "sim", BaseAddress = sim.Http2Address!, Protocol = UpstreamHttpProtocol.Http2Only };
            upstream.Keys.Add(new UpstreamKeyOptions { Value = "sk-low-tier" });
            // Timeouts and the queue's default deadline run on the fast clock too: give them back their real-time
            // length (a cold start's JIT and tokenizer load would otherwise eat a deadline of 6 real seconds).
            upstream.Timeouts.Connect *= Speed;
            upstream.Timeouts.ResponseHeaders *= Speed;
            upstream.Timeouts.FirstToken *= Speed;
            upstream.Timeouts.Idle *= Speed;
            upstream.Timeouts.Total *= Speed;
            options.Upstreams.Add(upstream);
            options.Scheduler.DefaultMaxQueueWait *= Speed;
            if (enableScheduler is { } enabled)
            {
                options.EnableScheduler = enabled;
            }
        }).BuildServiceProvider();
        Assert.Equal(enableScheduler != false, provider.GetService<IRequestScheduler>() is not null);
        var chat = provider.GetRequiredService<IChatClient>();

        var (failures, elapsed) = await ChatFanOut.RunAsync(chat, Calls);

        var stats = sim.GetStats();
        output.WriteLine($"scheduler {enableScheduler?.ToString() ?? "default"}: {Calls} calls in {elapsed.TotalSeconds:F1} s; upstream requests {stats.Requests}, 429s {stats.RateLimited}, input tokens {stats.InputTokens}; failures {failures.Count}");
        foreach (var failure in failures.Distinct().Take(5))
        {
            output.WriteLine(failure);
        }

        return (stats, failures, elapsed);
    }
}
