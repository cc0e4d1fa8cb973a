using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Skillgate.AI;
using Skillgate.Hosting;
using Skillgate.Scheduling;
using Skillgate.Simulator;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Hosting;

/// <summary>What the DI-built chat client hands the real scheduler, and what the estimator learns, against the simulator.</summary>
public sealed class SkillgateAdmissionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_PerCallOptions_ReachTheSchedulerAndUsageCalibrates(bool stream)
    {
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = -1 });
        await using var provider = Provider(sim, TokenEstimators.Create());
        var chat = provider.GetRequiredService<IChatClient>();
        var recorder = (RecordingScheduler)provider.GetRequiredService<IRequestScheduler>();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(1);
        var options = new ChatOptions
        {
            ModelId = "claude-haiku-4-5",
            MaxOutputTokens = 50,
            AdditionalProperties = new()
            {
                [SkillgateChatOptions.Tenant] = "tenant-a",
                [SkillgateChatOptions.Priority] = "batch",
                [SkillgateChatOptions.Deadline] = deadline,
            },
        };
        var prompt = string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 20));

        var text = stream
            ? string.Concat(await chat.GetStreamingResponseAsync(prompt, options).Select(u => u.Text).ToListAsync())
            : (await chat.GetResponseAsync(prompt, options)).Text;

        Assert.NotEmpty(text);
        var admitted = Assert.Single(recorder.Requests);
        Assert.Equal("tenant-a", admitted.Tenant);
        Assert.Equal(RequestPriority.Batch, admitted.Priority);
        Assert.Equal(deadline, admitted.Deadline);
        Assert.Equal("claude-haiku-4-5", admitted.Model);
        Assert.Equal(50, admitted.MaxTokens);
        Assert.Equal("sim", admitted.Upstream);
        Assert.InRange(admitted.EstimatedInputTokens, 150, 600);
        Assert.Equal(1, provider.GetRequiredService<ITokenEstimator>().GetCalibration("claude-haiku-4-5").Observations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Call_UpstreamCountsOtherwise_SchedulerReservesTheCalibratedEstimateUnscaled(bool stream)
    {
        // The simulator counts prose at twice its heuristic: the estimator has something to learn, and a second
        // correction in the scheduler (as there used to be, after 10 samples) would scale its estimate once more.
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, Http2Port = -1, TokenFactors = { Prose = 2.0 } });
        await using var provider = Provider(sim, new RecordingEstimator(TokenEstimators.Create()), maxTokens: 20);
        var chat = provider.GetRequiredService<IChatClient>();
        var scheduler = (RecordingScheduler)provider.GetRequiredService<IRequestScheduler>();
        var estimator = (RecordingEstimator)provider.GetRequiredService<ITokenEstimator>();
        const int Calls = 14;

        for (var i = 0; i < Calls; i++)
        {
            var prompt = $"Request {i}: " + string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 10 + i));
            var text = stream
                ? string.Concat(await chat.GetStreamingResponseAsync(prompt).Select(u => u.Text).ToListAsync())
                : (await chat.GetResponseAsync(prompt)).Text;
            Assert.NotEmpty(text);
        }

        var estimates = estimator.Estimates.ToArray();
        var admitted = scheduler.Requests.ToArray();
        var reserved = scheduler.ReservedInputTokens.ToArray();
        Assert.Equal(Calls, estimates.Length);
        Assert.Equal(Calls, admitted.Length);
        for (var i = 0; i < Calls; i++)
        {
            Assert.Equal(estimates[i].Tokens, admitted[i].EstimatedInputTokens);
            Assert.Equal(estimates[i].Tokens, reserved[i]);
        }

        // Each finished call taught the estimator once, with the very estimate that was admitted.
        Assert.Equal(estimates, estimator.Observed.ToArray());
        Assert.Equal(Calls, estimator.GetCalibration("claude-sonnet-4-5").Observations);
        Assert.True(estimator.GetCalibration("claude-sonnet-4-5").Latin > 1.5, $"nothing learned: {estimator.GetCalibration("claude-sonnet-4-5")}");
    }

    /// <summary>AddSkillgate over the simulator with the scheduler on, recorded, and the given estimator.</summary>
    private static ServiceProvider Provider(SimulatorHost sim, ITokenEstimator estimator, int maxTokens = 200)
    {
        var services = new ServiceCollection();
        services.AddSingleton(estimator);
        services.AddSingleton<IRequestScheduler>(sp => new RecordingScheduler(RequestScheduler.Create(
            SchedulerOptionsFactory.Create(sp.GetRequiredService<IOptions<SkillgateOptions>>().Value))));
        services.AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { Name = "sim", BaseAddress = sim.BaseAddress, Protocol = UpstreamHttpProtocol.Http11 };
            upstream.Keys.Add(new UpstreamKeyOptions { Value = SimulatorOptions.DefaultKey });
            options.Upstreams.Add(upstream);
            options.DefaultMaxTokens = maxTokens;
            options.EnableScheduler = true;
        });
        return services.BuildServiceProvider();
    }

    private sealed class RecordingScheduler(IRequestScheduler inner) : IRequestScheduler
    {
        public ConcurrentQueue<AdmissionRequest> Requests { get; } = new();

        public ConcurrentQueue<long> ReservedInputTokens { get; } = new();

        public int QueueLength => inner.QueueLength;

        public async ValueTask<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Enqueue(request);
            var result = await inner.AdmitAsync(request, cancellationToken);
            if (result.IsAdmitted)
            {
                ReservedInputTokens.Enqueue(result.Lease.ReservedInputTokens);
            }

            return result;
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class RecordingEstimator(ITokenEstimator inner) : ITokenEstimator
    {
        public ConcurrentQueue<TokenEstimate> Estimates { get; } = new();

        public ConcurrentQueue<TokenEstimate> Observed { get; } = new();

        public TokenEstimate EstimateText(string model, ReadOnlySpan<char> text) => inner.EstimateText(model, text);

        public TokenEstimate EstimateRequest(ReadOnlySpan<byte> requestJson)
        {
            var estimate = inner.EstimateRequest(requestJson);
            Estimates.Enqueue(estimate);
            return estimate;
        }

        public TokenEstimate EstimateStats(string model, Skillgate.Protocol.TextStats stats) => inner.EstimateStats(model, stats);

        public void Observe(TokenEstimate estimate, long reportedInputTokens)
        {
            Observed.Enqueue(estimate);
            inner.Observe(estimate, reportedInputTokens);
        }

        public TokenCalibrationSnapshot GetCalibration(string model) => inner.GetCalibration(model);
    }
}
