using Microsoft.Extensions.Time.Testing;
using Skillgate.Scheduling;

namespace Skillgate.Core.Tests.Scheduling;

public class SchedulerOptionsTests
{
    [Fact]
    public void Validate_OneKeyWithDefaults_IsValid()
    {
        var options = SchedulerTestKit.Options(SchedulerTestKit.Key("a"));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_NoUpstreams_NamesTheKey()
    {
        var errors = new SchedulerOptions().Validate();
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:Upstreams", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadValues_NamesEachKey()
    {
        var key = SchedulerTestKit.Key("a");
        key.ApiKey = "";
        key.Limits.OutputTokensPerMinute = 0;
        var options = SchedulerTestKit.Options(key, SchedulerTestKit.Key("a"));
        options.FairShareQuantum = 0;
        options.TenantWeights["t1"] = -1;
        options.FallbackModels["m"] = "m";
        options.DegradationLadder = [DegradationStep.Shed];
        options.Upstreams[0].Concurrency.BackoffRatio = 1.5;

        var errors = options.Validate();

        Assert.Contains("Skillgate:Scheduler:Upstreams:0:Keys:0:ApiKey is required (key 'a').", errors);
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:Upstreams:0:Keys:0:Limits:OutputTokensPerMinute", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("key name 'a' is used more than once", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:FairShareQuantum", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:TenantWeights:t1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:FallbackModels:m", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:DegradationLadder", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:Upstreams:0:Concurrency:BackoffRatio", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UndefinedEnumValues_NameTheKeyAndIndex()
    {
        var options = SchedulerTestKit.Options(SchedulerTestKit.Key("a"));
        options.KeySelection = (KeySelectionPolicy)9;
        options.DegradationLadder = [DegradationStep.Queue, (DegradationStep)7];

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:KeySelection must be one of MostHeadroom, RoundRobin, Weighted", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Skillgate:Scheduler:DegradationLadder:1 must be one of", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_InvalidOptions_ThrowsWithoutSecret()
    {
        var key = SchedulerTestKit.Key("a");
        key.Weight = 0;
        var ex = Assert.Throws<ArgumentException>(() => RequestScheduler.Create(SchedulerTestKit.Options(key), new FakeTimeProvider()));
        Assert.Contains("Weight", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key.ApiKey, ex.Message, StringComparison.Ordinal);
    }
}
