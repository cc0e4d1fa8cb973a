using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Skillgate.Context;
using Skillgate.Storage;
using Skillgate.Tokens;

namespace Skillgate.Benchmarks.Context;

/// <summary>
/// One conversation turn's view: the log holds <see cref="Turns"/> turns (built turn by turn, compacting as the
/// gateway does; a few more when the next turn would compact, so that an ordinary turn is measured) plus a new
/// user message that was never counted before, and the view for it is built. Each
/// iteration copies the prepared log to a fresh conversation and builds its view once (the previous turn), so
/// every measured build sees the same history and what the previous turn left behind.
/// The baseline reads the log from the (warm) store cache: the floor that any view builder pays.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ConversationViewBenchmarks
{
    private const string Template = """{"model":"claude-sonnet-4-5","max_tokens":1000,"system":"You are a support assistant for an industrial parts supplier."}""";
    private readonly List<ConversationRecord> _prepared = [];
    private string _directory = string.Empty;
    private IConversationStore _store = null!;
    private ConversationMemory _memory = null!;
    private ContextBudget _budget = null!;
    private int _iteration;
    private string _id = string.Empty;

    [Params(50, 150, 300)]
    public int Turns { get; set; }

    /// <summary>24,000: compaction keeps the view small; 200,000: the whole history stays verbatim.</summary>
    [Params(24_000, 200_000)]
    public int Window { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "skillgate-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _store = ConversationStores.WithCache(ConversationStores.CreateSqlite(
            new SqliteStoreOptions { Path = Path.Combine(_directory, "bench.db"), SynchronousFull = false }));
        _memory = new ConversationMemory(_store, TokenEstimators.Create(), ConversationSummarizers.Extractive());
        _budget = new ContextBudget(Window, 1_000);
        var random = new Random(7);
        var turn = 0;
        while (turn < Turns)
        {
            Play(turn++, random);
        }

        // Measure an ordinary turn: while the next user message would start a compaction (a summary call and an
        // append, every dozen turns or so), play one more turn first.
        while (NextTurnCompacts() && turn < Turns + 20)
        {
            Play(turn++, random);
        }

        Prepared();
    }

    private void Play(int turn, Random random)
    {
        _memory.AppendMessageAsync("prepared", ConversationScript.User(turn, random)).GetAwaiter().GetResult();
        _memory.BuildViewAsync("prepared", Template, _budget).GetAwaiter().GetResult();
        foreach (var reply in ConversationScript.Replies(turn, random))
        {
            _memory.AppendMessageAsync("prepared", reply).GetAwaiter().GetResult();
        }
    }

    private bool NextTurnCompacts()
    {
        Prepared();
        NewTurn();
        var before = _store.GetVersionAsync(_id).GetAwaiter().GetResult();
        _memory.BuildViewAsync(_id, Template, _budget).GetAwaiter().GetResult();
        return _store.GetVersionAsync(_id).GetAwaiter().GetResult() > before;
    }

    private void Prepared()
    {
        _prepared.Clear();
        foreach (var entry in _store.ReadAsync("prepared").GetAwaiter().GetResult())
        {
            _prepared.Add(new ConversationRecord(entry.Kind, entry.Json));
        }
    }

    [IterationSetup]
    public void NewTurn()
    {
        _id = "c" + _iteration++;
        _store.AppendAsync(_id, 0, _prepared).GetAwaiter().GetResult();

        // The previous turn built a view of this log too (as the gateway does every turn); then the user writes.
        _memory.BuildViewAsync(_id, Template, _budget).GetAwaiter().GetResult();
        var user = ConversationScript.User(Turns + _iteration, new Random(_iteration));
        _memory.AppendMessageAsync(_id, user).GetAwaiter().GetResult();
        _store.ReadAsync(_id).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> ReadLog() => (await _store.ReadAsync(_id)).Count;

    [Benchmark]
    public async Task<int> BuildView() => (await _memory.BuildViewAsync(_id, Template, _budget)).EstimatedTokens;

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
