namespace Skillgate.Simulator.Tests;

public sealed class SimulatorOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        new SimulatorOptions().Validate();
    }

    [Fact]
    public void Validate_DuplicateKey_NamesIt()
    {
        var options = new SimulatorOptions { Keys = [new SimulatorKeyOptions { Key = "a" }, new SimulatorKeyOptions { Key = "a" }] };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Keys[1].Key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadProbability_NamesIt()
    {
        var options = new SimulatorOptions { Keys = [new SimulatorKeyOptions { Key = "a", Faults = new FaultOptions { CutMidStream = 1.5 } }] };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Keys[0].Faults.CutMidStream", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnlimitedNominalLimitZero_NamesIt()
    {
        Assert.Equal(1_000_000, new SimulatorOptions().UnlimitedNominalLimit);
        var options = new SimulatorOptions { UnlimitedNominalLimit = 0 };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("UnlimitedNominalLimit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BlankWorkspace_NamesIt()
    {
        var options = new SimulatorOptions { Keys = [new SimulatorKeyOptions { Key = "a", Workspace = " " }] };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Keys[0].Workspace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_KeysWithAndWithoutWorkspace_ReadsThem()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """{ "keys": [ { "key": "sk-a", "workspace": "wrkspc_a" }, { "key": "sk-b" } ] }""");
        try
        {
            var options = SimulatorOptions.Load(path);

            Assert.Equal("wrkspc_a", options.Keys[0].Workspace);
            Assert.Null(options.Keys[1].Workspace);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_FullExample_ReadsEverything()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, """
            {
              "seed": 42, "maxConcurrentRequests": 100, "batchRequestMs": 5, "unlimitedNominalLimit": 4000000,
              "latency": { "timeToFirstTokenMs": 300, "tokensPerSecond": 80, "jitter": 0.2 },
              "tokenFactors": { "cjk": 1.35 },
              "faults": { "overloaded": 0.01 },
              "keys": [ { "key": "sk-sim-a", "requestsPerMinute": 50, "faults": { "cutMidStream": 0.5 } } ],
            }
            """);
        try
        {
            var options = SimulatorOptions.Load(path);

            Assert.Equal(42, options.Seed);
            Assert.Equal(100, options.MaxConcurrentRequests);
            Assert.Equal(4_000_000, options.UnlimitedNominalLimit);
            Assert.Equal(80, options.Latency.TokensPerSecond);
            Assert.Equal(1.35, options.TokenFactors.Cjk);
            Assert.Equal(1.0, options.TokenFactors.Prose);
            Assert.Equal(0.01, options.Faults.Overloaded);
            Assert.Equal(0.5, options.Keys[0].Faults!.CutMidStream);
            Assert.Equal(30_000, options.Keys[0].Faults!.StallMs);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
