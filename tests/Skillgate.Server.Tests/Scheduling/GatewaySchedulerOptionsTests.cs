using Skillgate.Scheduling;
using Skillgate.Server.Pipeline;
using static Skillgate.Server.Tests.Scheduling.GatewaySchedulerJson;

namespace Skillgate.Server.Tests.Scheduling;

public sealed class GatewaySchedulerOptionsTests
{
    [Fact]
    public void Bind_Json_ReachesTheScheduler()
    {
        var options = Bound("""
            {"Skillgate": {"Scheduler": {
              "KeySelection": "RoundRobin",
              "FairShareQuantum": 64,
              "FallbackModels": {"claude-sonnet-4-5": "claude-haiku-4-5"},
              "DegradationLadder": ["Queue", "Shed"]
            }}}
            """);

        var scheduler = PipelineUpstreams.Scheduler(options);

        Assert.Empty(Failures(options));
        Assert.Equal(KeySelectionPolicy.RoundRobin, scheduler.KeySelection);
        Assert.Equal(64, scheduler.FairShareQuantum);
        Assert.Equal("claude-haiku-4-5", Assert.Single(scheduler.FallbackModels).Value);
        Assert.Equal([DegradationStep.Queue, DegradationStep.Shed], scheduler.DegradationLadder);
    }

    [Fact]
    public void Bind_NoSchedulerSection_KeepsTheLibraryDefaults()
    {
        var options = Bound("""{"Skillgate": {"Port": 0}}""");

        var scheduler = PipelineUpstreams.Scheduler(options);

        var library = new SchedulerOptions();
        Assert.Equal(library.KeySelection, scheduler.KeySelection);
        Assert.Equal(library.FairShareQuantum, scheduler.FairShareQuantum);
        Assert.Empty(scheduler.FallbackModels);
        Assert.Equal(library.DegradationLadder, scheduler.DegradationLadder);
    }

    [Theory]
    [InlineData("""{"FairShareQuantum": 0}""", "Skillgate:Scheduler:FairShareQuantum must be at least 1")]
    [InlineData("""{"FallbackModels": {"claude-sonnet-4-5": "claude-sonnet-4-5"}}""", "Skillgate:Scheduler:FallbackModels:claude-sonnet-4-5 must name a different model")]
    [InlineData("""{"FallbackModels": {"claude-sonnet-4-5": ""}}""", "Skillgate:Scheduler:FallbackModels:claude-sonnet-4-5 must name a different model")]
    [InlineData("""{"DegradationLadder": ["FallbackModel", "Shed"]}""", "Skillgate:Scheduler:DegradationLadder must contain Queue")]
    [InlineData("""{"DegradationLadder": ["Queue", "7"]}""", "Skillgate:Scheduler:DegradationLadder:1 must be one of")]
    [InlineData("""{"DegradationLadder": ["Queue", "Wait"]}""", "Skillgate:Scheduler:DegradationLadder:1 must be one of Queue, FallbackModel, Batch, Shed (was 'Wait')")]
    [InlineData("""{"KeySelection": "9"}""", "Skillgate:Scheduler:KeySelection must be one of")]
    public void Validate_BadJsonValue_NamesTheKeyPath(string scheduler, string expected)
    {
        var options = Bound("""{"Skillgate": {"Scheduler": """ + scheduler + "}}");

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_LadderInAnyCase_ReachesTheScheduler()
    {
        var options = Bound("""{"Skillgate": {"Scheduler": {"DegradationLadder": ["queue", "fallbackModel", "SHED"]}}}""");

        Assert.Empty(Failures(options));
        Assert.Equal([DegradationStep.Queue, DegradationStep.FallbackModel, DegradationStep.Shed], PipelineUpstreams.Scheduler(options).DegradationLadder);
    }

    [Fact]
    public void Bind_UnknownKeySelection_FailsNamingTheKeyPath()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bound("""{"Skillgate": {"Scheduler": {"KeySelection": "Fastest"}}}"""));

        Assert.Contains("Skillgate:Scheduler:KeySelection", error.Message, StringComparison.Ordinal);
    }
}
