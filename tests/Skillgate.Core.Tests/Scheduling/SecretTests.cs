using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using Skillgate.Testing;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class SecretTests
{
    [Fact]
    public void ToString_OptionsLeaseResult_NeverShowSecret()
    {
        var time = new FakeTimeProvider(Start);
        var key = Key("a");
        var options = Options(key);
        using var scheduler = Create(options, time);
        var result = scheduler.AdmitAsync(Request()).Completed();

        Assert.Equal(key.ApiKey, result.Lease!.ApiKey);
        foreach (var text in new[] { key.ToString(), options.Upstreams[0].ToString(), options.ToString(), result.ToString(), result.Lease.ToString() })
        {
            Assert.DoesNotContain(key.ApiKey, text, StringComparison.Ordinal);
        }

        Assert.Contains("a", result.Lease.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_TagKeysByName_NeverBySecret()
    {
        var time = new FakeTimeProvider(Start);
        using var meters = new TestMeterFactory();
        using var leases = new MetricCollector<long>(meters, Telemetry.SkillgateTelemetry.SchedulerName, SchedulerMetrics.LeasesName);
        using var headroom = new MetricCollector<double>(meters, Telemetry.SkillgateTelemetry.SchedulerName, SchedulerMetrics.HeadroomName);
        var key = Key("a");
        using var scheduler = Create(Options(key), time, meters);

        scheduler.AdmitAsync(Request()).Lease().Complete(new TokenUsage(10, 10));
        headroom.RecordObservableInstruments();

        var tags = leases.GetMeasurementSnapshot().Concat<object>(headroom.GetMeasurementSnapshot())
            .SelectMany(m => m is CollectedMeasurement<long> l ? l.Tags.Values : ((CollectedMeasurement<double>)m).Tags.Values)
            .Select(v => v?.ToString() ?? "")
            .ToList();
        Assert.Contains("a", tags);
        Assert.DoesNotContain(tags, t => t.Contains(key.ApiKey, StringComparison.Ordinal));
        Assert.Single(leases.GetMeasurementSnapshot());
        Assert.Equal(3, headroom.GetMeasurementSnapshot().Count);
    }
}
