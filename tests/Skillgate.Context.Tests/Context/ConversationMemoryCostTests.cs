using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Storage;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

/// <summary>A turn tokenizes only what is new in it, however long the conversation is.</summary>
public sealed class ConversationMemoryCostTests : IDisposable
{
    private const string Template = """{"model":"claude-test-1","max_tokens":1000,"system":"You are helpful."}""";
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData(20)]
    [InlineData(120)]
    public async Task BuildViewAsync_NextTurn_CountsOnlyTheNewTexts(int turns)
    {
        var estimator = (O200kTokenEstimator)TokenEstimators.Create();
        var store = ConversationStores.WithCache(ConversationStores.CreateSqlite(
            new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "cost.db"), SynchronousFull = false }));
        var memory = new ConversationMemory(store, estimator, ConversationSummarizers.Extractive());
        var budget = new ContextBudget(8_000, 1_000);
        var random = new Random(11);
        for (var t = 0; t < turns; t++)
        {
            await memory.AppendMessageAsync("c", User(t, random));
            await memory.BuildViewAsync("c", Template, budget);
            await memory.AppendMessageAsync("c", new JsonObject { ["role"] = "assistant", ["content"] = SampleTexts.English(random, 60) }.ToJsonString());
        }

        await memory.BuildViewAsync("c", Template, budget);
        var version = await store.GetVersionAsync("c");
        var counted = estimator.CountCache!.Count;
        var again = await memory.BuildViewAsync("c", Template, budget);
        Assert.Equal(counted, estimator.CountCache.Count);

        await memory.AppendMessageAsync("c", User(turns, random));
        var next = await memory.BuildViewAsync("c", Template, budget);

        // The new message, and the memory block's note whose count of omitted turns changed.
        var added = estimator.CountCache.Count - counted;
        Assert.InRange(added, 1, 6);
        Assert.Equal(version + 1, await store.GetVersionAsync("c"));
        Assert.True(next.EstimatedTokens <= next.Budget && again.EstimatedTokens <= again.Budget);
    }

    private static string User(int turn, Random random) =>
        new JsonObject { ["role"] = "user", ["content"] = $"Ticket ZX-{1000 + turn} is open. " + SampleTexts.English(random, 40) }.ToJsonString();

    public void Dispose() => _directory.Dispose();
}
