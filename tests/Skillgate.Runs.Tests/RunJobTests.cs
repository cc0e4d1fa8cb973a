using System.Text.Json;

namespace Skillgate.Runs.Tests;

public sealed class RunJobTests
{
    private static string Jsonl(int count, Func<int, string>? text = null) =>
        string.Join('\n', Enumerable.Range(1, count).Select(i => JsonSerializer.Serialize(new { id = $"t{i}", text = text?.Invoke(i) ?? $"ticket {i}" })));

    private static RunOptions Options(RunFixture f, string input, RunMode mode = RunMode.Interactive) => new()
    {
        Template = f.Write("t.txt", "Summarize {{id}}: {{text}}"),
        Input = input,
        Output = Path.Combine(f.Directory, "out.jsonl"),
        Mode = mode,
        MaxTokens = 200,
        BatchPollInterval = TimeSpan.FromMilliseconds(100),
        BatchPollMaxInterval = TimeSpan.FromMilliseconds(400),
    };

    private static List<JsonElement> ReadOutput(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task ExecuteAsync_Interactive_EveryItemOnceWithUsageAndReport()
    {
        await using var f = await RunFixture.StartAsync();
        using var job = RunJob.Create(Options(f, f.Write("d.jsonl", Jsonl(25) + "\n{broken\n")), f.Store, f.Upstream);
        Assert.Single(job.Problems);
        Assert.Contains("line 26", job.Problems[0], StringComparison.Ordinal);

        var summary = await job.ExecuteAsync();

        Assert.Equal((25, 25, 0, 0), (summary.Total, summary.Done, summary.Failed, summary.Pending));
        var lines = ReadOutput(job.OutputPath);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"t{i}"), lines.Select(l => l.GetProperty("id").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("usage").GetProperty("output_tokens").GetInt64() > 0));
        job.WriteReport(job.OutputPath + ".html");
        Assert.Contains("Latency of interactive items", File.ReadAllText(job.OutputPath + ".html"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_BatchWithAnErroredRequest_MergedByCustomIdAndErroredRetriedInteractively()
    {
        await using var f = await RunFixture.StartAsync(new Simulator.SimulatorOptions { BatchRequestMs = 5 });
        var input = f.Write("d.jsonl", Jsonl(12, i => i == 5 ? "broken [[sim:fault=500]]" : $"ticket {i}"));
        using var job = RunJob.Create(Options(f, input, RunMode.Batch), f.Store, f.Upstream);

        var summary = await job.ExecuteAsync();

        var lines = ReadOutput(job.OutputPath).ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.Equal(12, lines.Count);
        Assert.Equal(11, summary.BatchItems);
        Assert.True(summary.BatchSaving > 0);
        Assert.All(lines.Values.Where(l => l.GetProperty("id").GetString() != "t5"), l => Assert.Equal("batch", l.GetProperty("mode").GetString()));

        // The errored batch request came back for an interactive retry (which the fault directive fails again).
        var t5 = lines["t5"];
        Assert.Equal("interactive", t5.GetProperty("mode").GetString());
        Assert.Equal("failed", t5.GetProperty("status").GetString());
        Assert.Equal(2, t5.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task ExecuteAsync_AutoWithADeadlineTheKeyCannotMeet_TheRestGoesByBatch()
    {
        var options = new Simulator.SimulatorOptions { BatchRequestMs = 2 };
        options.Keys.Add(new Simulator.SimulatorKeyOptions { Key = "sk-slow", RequestsPerMinute = 60 });
        await using var f = await RunFixture.StartAsync(options);
        var runOptions = Options(f, f.Write("d.jsonl", Jsonl(40)), RunMode.Auto);
        runOptions.Deadline = TimeSpan.FromSeconds(15);
        using var job = RunJob.Create(runOptions, f.Store, f.Upstream);

        var summary = await job.ExecuteAsync();

        Assert.Equal(40, summary.Done);
        Assert.InRange(summary.BatchItems, 20, 39);
    }

    [Fact]
    public async Task ExecuteAsync_StoppedThenResumed_NothingSentTwice()
    {
        await using var f = await RunFixture.StartAsync();
        var options = Options(f, f.Write("d.jsonl", Jsonl(30)));
        options.Concurrency = 2;
        string id;
        using (var job = RunJob.Create(options, f.Store, f.Upstream))
        {
            id = job.Id;
            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var first = await job.ExecuteAsync(stop.Token);
            Assert.True(first.Stopped);
        }

        using var resumed = RunJob.Resume(id, f.Store, f.Upstream);
        var summary = await resumed.ExecuteAsync();

        Assert.Equal(30, summary.Done);
        Assert.Equal(30, ReadOutput(options.Output).Select(l => l.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(30, File.ReadAllLines(options.Output).Length);
        Assert.All(ReadOutput(options.Output), l => Assert.Equal(1, l.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Create_BadInput_ClearErrorBeforeAnyRequest()
    {
        await using var f = await RunFixture.StartAsync(new Simulator.SimulatorOptions { RecordRequests = 100 });
        var good = f.Write("d.jsonl", Jsonl(3));

        Assert.Contains("'{{missing}}'", Assert.Throws<RunInputException>(() => Throw(f, "Hello {{missing}}", good)).Message, StringComparison.Ordinal);
        Assert.Contains("has no items", Assert.Throws<RunInputException>(() => RunJob.Create(Options(f, f.Write("empty.jsonl", "\n\n")), f.Store, f.Upstream)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<RunInputException>(() => RunJob.Create(Options(f, Path.Combine(f.Directory, "nope.csv")), f.Store, f.Upstream)).Message, StringComparison.Ordinal);
        var badOutput = Options(f, good);
        badOutput.Output = Path.Combine(f.Directory, "no-such-folder", "out.jsonl");
        Assert.Contains("cannot be written", Assert.Throws<RunInputException>(() => RunJob.Create(badOutput, f.Store, f.Upstream)).Message, StringComparison.Ordinal);
        var csv = RunJob.Create(Options(f, f.Write("d.csv", "id,text\na,one\nb,two,extra\nc,three\n")), f.Store, f.Upstream);
        Assert.Equal(2, csv.ItemCount);
        Assert.Equal("line 3: 3 column(s), the header has 2", Assert.Single(csv.Problems));
        csv.Dispose();

        Assert.Empty(f.Simulator.GetRecordedRequests());
    }

    private static RunJob Throw(RunFixture f, string template, string input)
    {
        var options = Options(f, input);
        options.Template = f.Write("bad.txt", template);
        return RunJob.Create(options, f.Store, f.Upstream);
    }

    [Fact]
    public async Task EstimateAsync_CountsTokensWithTheSimulator_PricesFromTheTable()
    {
        await using var f = await RunFixture.StartAsync();
        using var job = RunJob.Create(Options(f, f.Write("d.jsonl", Jsonl(20))), f.Store, f.Upstream);

        var estimate = await job.EstimateAsync(sampleSize: 20);

        var summary = await job.ExecuteAsync();
        Assert.Equal(summary.InputTokens, estimate.InputTokens);
        Assert.Equal(20 * 200, estimate.MaxOutputTokens);
        Assert.Equal(((estimate.InputTokens * 3m) + (estimate.MaxOutputTokens * 15m)) / 1_000_000m, estimate.InteractiveCost);
        Assert.Equal(estimate.InteractiveCost / 2, estimate.BatchCost);
    }
}
