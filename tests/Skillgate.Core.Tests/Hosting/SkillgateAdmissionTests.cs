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
        var services = new ServiceCollection();
        services.AddSingleton<IRequestScheduler>(sp => new RecordingScheduler(RequestScheduler.Create(
            SchedulerOptionsFactory.Create(sp.GetRequiredService<IOptions<SkillgateOptions>>().Value))));
        services.AddSkillgate(options =>
        {
            var upstream = new UpstreamOptions { Name = "sim", BaseAddress = sim.BaseAddress, Protocol = UpstreamHttpProtocol.Http11 };
            upstream.Keys.Add(new UpstreamKeyOptions { Value = SimulatorOptions.DefaultKey });
            options.Upstreams.Add(upstream);
            options.DefaultMaxTokens = 200;
            options.EnableScheduler = true;
        });
        await using var provider = services.BuildServiceProvider();
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

    private sealed class RecordingScheduler(IRequestScheduler inner) : IRequestScheduler
    {
        public ConcurrentQueue<AdmissionRequest> Requests { get; } = new();

        public int QueueLength => inner.QueueLength;

        public ValueTask<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Enqueue(request);
            return inner.AdmitAsync(request, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
