using System.Text;
using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Documents;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class RetentionTests : IDisposable
{
    private const string Template = """{"model":"claude-test-1","max_tokens":1000,"system":"You are a maintenance assistant."}""";
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task BuildViewAsync_ScriptedLongConversation_EveryViewFitsAndKeepsEveryPlantedFact()
    {
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
            if (turn == 299 && Environment.GetEnvironmentVariable("DUMP_VIEW") is { } dump) { File.WriteAllText(dump, view.RequestJson); }
            await memory.AppendMessageAsync("r", new JsonObject { ["role"] = "assistant", ["content"] = RetentionScript.AssistantTurn(random) }.ToJsonString());
        }

        Assert.Equal(RetentionScript.PlantedFacts, keys.Count);
        Assert.Null(memory.LastCompactionError);
        Assert.True(maxUsed > budget.InputBudget / 2, $"the views never used much of the budget ({maxUsed})");
        var log = await store.ReadAsync("r");
        Assert.Equal(RetentionScript.Turns * 2, log.Count(e => e.Kind == ConversationEntryKind.Message));
        Assert.Contains(log, e => e.Kind == ConversationEntryKind.Compaction);
    }

    public void Dispose() => _directory.Dispose();
}
