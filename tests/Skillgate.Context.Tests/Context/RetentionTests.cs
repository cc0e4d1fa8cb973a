using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Storage;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class RetentionTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const string Template = """{"model":"claude-test-1","max_tokens":1000,"system":"You are a maintenance assistant."}""";
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task BuildViewAsync_ScriptedLongConversationAgainstSimulator_EveryRequestFitsAndKeepsEveryPlantedFact()
    {
        // The simulator counts tokens its own way (about 1.9x o200k for this English); the estimator learns that
        // from each reply's usage, as it would from the real API.
        await using var upstream = await SimulatedUpstream.StartAsync(prose: 1.0, cjk: 1.0, code: 1.0);
        var estimator = TokenEstimators.Create();
        var options = new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "retention.db"), SynchronousFull = false };
        var store = ConversationStores.WithCache(ConversationStores.CreateSqlite(options));
        var documents = DocumentStores.CreateSqlite(options, estimator);
        var memory = new ConversationMemory(store, estimator, ConversationSummarizers.Extractive(), documents);
        var budget = new ContextBudget(24_000, 1_000);
        var manual = await documents.PutAsync(RetentionScript.Manual(), "manual.pdf");
        Assert.Contains("## Page 50", manual.Text, StringComparison.Ordinal);
        await memory.AttachDocumentAsync("r", manual);

        var random = new Random(42);
        var keys = new List<string>();
        var maxUsed = 0;
        long maxReported = 0;
        for (var turn = 0; turn < RetentionScript.Turns; turn++)
        {
            var (text, key) = RetentionScript.UserTurn(turn, random);
            if (key is not null)
            {
                keys.Add(key);
            }

            await memory.AppendMessageAsync("r", new JsonObject { ["role"] = "user", ["content"] = text }.ToJsonString());
            var view = await memory.BuildViewAsync("r", Template, budget);

            Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
            var tokens = estimator.EstimateRequest(Encoding.UTF8.GetBytes(view.RequestJson)).Tokens;
            Assert.True(tokens <= budget.InputBudget, $"turn {turn}: {tokens} > {budget.InputBudget}");
            maxUsed = Math.Max(maxUsed, tokens);
            foreach (var planted in keys)
            {
                Assert.True(view.RequestJson.Contains(planted, StringComparison.Ordinal), $"turn {turn}: lost '{planted}'");
            }

            Assert.Contains("manual.pdf", view.RequestJson, StringComparison.Ordinal);
            var (reply, reported) = await upstream.SendAsync(view.RequestJson);
            estimator.Observe(estimator.EstimateRequest(Encoding.UTF8.GetBytes(view.RequestJson)), reported);
            Assert.True(reported <= budget.ContextWindow - budget.MaxTokens, $"turn {turn}: upstream counted {reported} input tokens");
            maxReported = Math.Max(maxReported, reported);
            await memory.AppendMessageAsync("r", new JsonObject { ["role"] = "assistant", ["content"] = reply["content"]!.DeepClone() }.ToJsonString());
        }

        Assert.Equal(RetentionScript.PlantedFacts, keys.Count);
        Assert.Null(memory.LastCompactionError);
        Assert.True(maxUsed > budget.InputBudget / 2, $"the views never used much of the budget ({maxUsed})");
        Assert.True(maxReported > budget.InputBudget / 2, $"the upstream never saw a large request ({maxReported})");
        var log = await store.ReadAsync("r");
        Assert.Equal(RetentionScript.Turns * 2, log.Count(e => e.Kind == ConversationEntryKind.Message));
        Assert.Contains(log, e => e.Kind == ConversationEntryKind.Compaction);
        output.WriteLine($"budget {budget.InputBudget}, largest view {maxUsed} estimated / {maxReported} reported, "
            + $"{log.Count(e => e.Kind == ConversationEntryKind.Compaction)} compactions, {estimator.GetCalibration("claude-test-1")}");
    }

    public void Dispose() => _directory.Dispose();
}
