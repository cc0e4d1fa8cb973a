using System.Text;
using Microsoft.Extensions.Time.Testing;
using Skillgate.Protocol;
using Skillgate.Simulator.Batches;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Tests.Batches;

public sealed class BatchStoreTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly SimulatorState _state;

    public BatchStoreTests()
    {
        _state = new SimulatorState(new SimulatorOptions { BatchRequestMs = 1_000, TimeProvider = _time });
    }

    private static BatchItem Item(string id)
    {
        MessageRequestParser.TryParse(Encoding.UTF8.GetBytes("""{"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"x"}]}"""),
            true, out var info, out _);
        return new BatchItem(id, info, null, 1, default);
    }

    [Fact]
    public void Progress_MovesWithTime_ThenEnds()
    {
        var batch = _state.Batches.Create(SimulatorOptions.DefaultWorkspace, [Item("a"), Item("b"), Item("c")]);

        Assert.Equal(("in_progress", 3, 0), Summary(_state.Batches.Progress(batch)));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(("in_progress", 1, 2), Summary(_state.Batches.Progress(batch)));
        _time.Advance(TimeSpan.FromSeconds(1));
        var ended = _state.Batches.Progress(batch);
        Assert.Equal(("ended", 0, 3), Summary(ended));
        Assert.Equal(batch.CreatedAt.AddSeconds(3), ended.EndedAt);
    }

    [Fact]
    public void Cancel_StopsProcessing_RestCanceled()
    {
        var batch = _state.Batches.Create(SimulatorOptions.DefaultWorkspace, [Item("a"), Item("b"), Item("c"), Item("d")]);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        _state.Batches.Cancel(batch);
        Assert.Equal("canceling", _state.Batches.Progress(batch).Status);
        _time.Advance(TimeSpan.FromSeconds(5));
        var ended = _state.Batches.Progress(batch);

        Assert.Equal("ended", ended.Status);
        Assert.Equal(1, ended.Succeeded);
        Assert.Equal(3, ended.Canceled);
        Assert.Equal(0, ended.Processing);
        using var output = new PooledBuffer();
        _state.Batches.WriteResults(batch, output);
        var lines = Encoding.UTF8.GetString(output.WrittenSpan).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("\"succeeded\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"canceled\"", lines[3], StringComparison.Ordinal);
    }

    private static (string Status, int Processing, int Succeeded) Summary(BatchProgress progress) =>
        (progress.Status, progress.Processing, progress.Succeeded);
}
