using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Skillgate.Telemetry;
using Skillgate.Upstream;

namespace Skillgate.Core.Tests.Upstream;

public sealed class UpstreamTelemetryTests
{
    private const string Secret = "sk-ant-api03-never-print-me";

    [Fact]
    public async Task RejectedKey_LoggedAndCountedByIdNeverBySecret()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        upstream.Then(ScriptedUpstream.Error(401, "authentication_error")).Then(ScriptedUpstream.Error(529, "overloaded_error"));
        var options = TransportFixture.Options(upstream.BaseAddress, keys: 0);
        options.Keys.Add(new UpstreamKeyOptions { Id = "primary", Value = Secret });
        options.Keys.Add(new UpstreamKeyOptions { Id = "backup", Value = Secret + "-2" });
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var keysOut = new MetricCollector<long>(meters, SkillgateTelemetry.PipelineName, UpstreamInstrumentNames.KeysOutOfService);
        using var retries = new MetricCollector<long>(meters, SkillgateTelemetry.PipelineName, UpstreamInstrumentNames.Retries);
        var logs = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        using var client = new UpstreamClient(options, loggerFactory: loggers, meterFactory: meters);

        var error = await Assert.ThrowsAsync<UpstreamException>(() => client.SendAsync(TransportFixture.Request(stream: false)));
        var response = await client.SendAsync(TransportFixture.Request(stream: false));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(2, response.Attempts);
        var keyTag = Assert.Single(keysOut.GetMeasurementSnapshot()).Tags[UpstreamInstrumentNames.KeyTag];
        Assert.Equal("primary", keyTag);
        Assert.Contains(retries.GetMeasurementSnapshot(), m => (string?)m.Tags[UpstreamInstrumentNames.KindTag] == "http_status");
        var records = logs.GetSnapshot();
        Assert.Contains(records, r => r.Id.Id == 3001 && r.Message.Contains("primary", StringComparison.Ordinal));
        Assert.All(records, r => Assert.DoesNotContain("never-print-me", r.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("never-print-me", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_RecordsTokenUsageDurationAndTimeToFirstToken()
    {
        await using var upstream = await ScriptedUpstream.StartAsync();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var tokens = new MetricCollector<long>(meters, SkillgateTelemetry.PipelineName, UpstreamInstrumentNames.TokenUsage);
        using var duration = new MetricCollector<double>(meters, SkillgateTelemetry.PipelineName, UpstreamInstrumentNames.OperationDuration);
        using var ttft = new MetricCollector<double>(meters, SkillgateTelemetry.PipelineName, UpstreamInstrumentNames.TimeToFirstChunk);
        using var client = new UpstreamClient(TransportFixture.Options(upstream.BaseAddress), meterFactory: meters);

        await using (var stream = await client.StreamAsync(TransportFixture.Request(stream: true)))
        {
            await TransportFixture.ReadAllAsync(stream);
        }

        var byType = tokens.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags[UpstreamInstrumentNames.TokenTypeTag]!, m => m.Value);
        Assert.Equal(10, byType["input"]);
        Assert.Equal(2, byType["output"]);
        Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Single(ttft.GetMeasurementSnapshot());
        Assert.Equal("m", ttft.LastMeasurement?.Tags[UpstreamInstrumentNames.ModelTag]);
    }
}
