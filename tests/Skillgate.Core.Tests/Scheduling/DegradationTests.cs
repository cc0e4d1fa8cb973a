using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;
using Skillgate.Testing;
using static Skillgate.Core.Tests.Scheduling.SchedulerTestKit;

namespace Skillgate.Core.Tests.Scheduling;

public class DegradationTests
{
    private readonly FakeTimeProvider _time = new(Start);

    private static SchedulerOptions LadderOptions()
    {
        var key = Key("a", rpm: 6);
        key.ModelLimits[Fallback] = new RateLimitOptions { RequestsPerMinute = 2 };
        var options = Options(key);
        options.FallbackModels[Model] = Fallback;
        return options;
    }

    private static void Exhaust(AdmissionScheduler scheduler, int count = 6)
    {
        for (var i = 0; i < count; i++)
        {
            scheduler.AdmitAsync(Request()).Lease();
        }
    }

    [Fact]
    public void AdmitAsync_PrimaryTooSlow_FallsBackToFallbackModel()
    {
        using var scheduler = Create(LadderOptions(), _time);
        Exhaust(scheduler);

        var lease = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(5))).Lease();

        Assert.Equal(Fallback, lease.Model);
        Assert.Equal(Model, lease.RequestedModel);
        Assert.True(lease.IsFallback);
    }

    [Fact]
    public void AdmitAsync_FallbackNotAllowed_Sheds()
    {
        using var scheduler = Create(LadderOptions(), _time);
        Exhaust(scheduler);

        var result = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(5), allowFallback: false)).Completed();

        Assert.Equal(AdmissionOutcome.Rejected, result.Outcome);
    }

    [Fact]
    public void AdmitAsync_BothModelsExhaustedAndDeferrable_Defers()
    {
        using var scheduler = Create(LadderOptions(), _time);
        Exhaust(scheduler);
        scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(1))).Lease();
        scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(1))).Lease();

        var deferred = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(5), deferrable: true)).Completed();
        var shed = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(5))).Completed();

        Assert.Equal(AdmissionOutcome.Deferred, deferred.Outcome);
        Assert.Null(deferred.Lease);
        Assert.Equal(AdmissionOutcome.Rejected, shed.Outcome);
        Assert.Equal(RejectionKind.RateLimited, shed.RejectionKind);
    }

    [Fact]
    public void AdmitAsync_LadderWithoutFallback_SkipsIt()
    {
        var options = LadderOptions();
        options.DegradationLadder = [DegradationStep.Queue, DegradationStep.Shed];
        using var scheduler = Create(options, _time);
        Exhaust(scheduler);

        var result = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(5), deferrable: true)).Completed();

        Assert.Equal(AdmissionOutcome.Rejected, result.Outcome);
    }

    [Fact]
    public void AdmitAsync_EveryStep_IsCountedInMetrics()
    {
        using var meters = new TestMeterFactory();
        using var steps = new MetricCollector<long>(meters, Telemetry.SkillgateTelemetry.SchedulerName, SchedulerMetrics.DegradationName);
        using var depth = new MetricCollector<long>(meters, Telemetry.SkillgateTelemetry.SchedulerName, SchedulerMetrics.QueueDepthName);
        using var scheduler = Create(LadderOptions(), _time, meters);
        Exhaust(scheduler);
        _ = scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(30)));
        scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(1))).Lease();
        scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(1))).Lease();
        scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(1), deferrable: true));
        scheduler.AdmitAsync(Request(deadline: Start.AddSeconds(1)));

        var counts = steps.GetMeasurementSnapshot()
            .GroupBy(m => (string)m.Tags[SchedulerMetrics.StepTag]!)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(7, counts["queue"]);
        Assert.Equal(2, counts["fallback_model"]);
        Assert.Equal(1, counts["batch"]);
        Assert.Equal(1, counts["shed"]);
        Assert.Equal(1, depth.GetMeasurementSnapshot().Sum(m => m.Value));
    }
}
