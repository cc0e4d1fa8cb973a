using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Storage;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class ConversationMemoryTests : IDisposable
{
    private const string Template = """{"model":"claude-test-1","max_tokens":1000,"system":"You are helpful."}""";
    private static readonly ITokenEstimator Estimator = TokenEstimators.Create();
    private readonly TempDirectory _directory = new();
    private readonly IConversationStore _store;

    public ConversationMemoryTests()
    {
        _store = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "memory.db"), SynchronousFull = false });
    }

    [Fact]
    public async Task BuildViewAsync_SummarizerFails_HistoryUnchangedAndViewStillValid()
    {
        var memory = new ConversationMemory(_store, Estimator, new FailingSummarizer());
        await FillAsync(memory, "c", 40);
        var before = await _store.ReadAsync("c");

        var view = await memory.BuildViewAsync("c", Template, new ContextBudget(6_000, 1_000));

        var after = await _store.ReadAsync("c");
        Assert.Equal(before, after);
        Assert.IsType<InvalidOperationException>(memory.LastCompactionError);
        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
        Assert.True(view.EstimatedTokens <= view.Budget);
        Assert.True(view.OmittedRounds > 0);
        Assert.Contains("earlier user turn(s) are not shown", view.RequestJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildViewAsync_LongHistory_CompactsIntoLedgerInOneEntry()
    {
        var memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive());
        await FillAsync(memory, "c", 40);
        var versionBefore = await _store.GetVersionAsync("c");

        var view = await memory.BuildViewAsync("c", Template, new ContextBudget(6_000, 1_000));

        var added = await _store.ReadAsync("c", versionBefore);
        Assert.NotEmpty(added);
        Assert.All(added, e => Assert.Equal(ConversationEntryKind.Compaction, e.Kind));
        Assert.Equal(40 * 2, (await _store.ReadAsync("c")).Count(e => e.Kind == ConversationEntryKind.Message));
        Assert.Contains("Ticket ZX-1000 is assigned to turn 0.", view.RequestJson, StringComparison.Ordinal);
        Assert.Contains("Ticket ZX-1039", view.RequestJson, StringComparison.Ordinal);
        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
        Assert.True(view.EstimatedTokens <= view.Budget);
        var system = JsonNode.Parse(view.RequestJson)!["system"]!.AsArray();
        Assert.Contains(system, b => b!["cache_control"] is not null && b["text"]!.GetValue<string>().StartsWith("<conversation_memory>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildViewAsync_AfterCompaction_OmittedRoundsCountCompactedTurns()
    {
        var memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive());
        await FillAsync(memory, "c", 40);

        var view = await memory.BuildViewAsync("c", Template, new ContextBudget(6_000, 1_000));

        Assert.Contains(await _store.ReadAsync("c"), e => e.Kind == ConversationEntryKind.Compaction);
        Assert.True(view.OmittedRounds > 0, $"omitted: {view.OmittedRounds}");
        Assert.Equal(40, view.IncludedRounds + view.OmittedRounds);
        Assert.Contains($"Note: {view.OmittedRounds} earlier user turn(s) are not shown", view.RequestJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildViewAsync_TurnsAfterCompaction_IncludedPlusOmittedIsEveryUserTurn()
    {
        var memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive());
        await FillAsync(memory, "c", 40);
        await memory.BuildViewAsync("c", Template, new ContextBudget(6_000, 1_000));
        await memory.AppendMessageAsync("c", """{"role":"user","content":"First of two user messages in a row."}""");
        await memory.AppendMessageAsync("c", """{"role":"user","content":"Second one; both are one turn in the view."}""");

        var view = await memory.BuildViewAsync("c", Template, new ContextBudget(6_000, 1_000));

        Assert.Equal(41, view.IncludedRounds + view.OmittedRounds);
        Assert.True(view.OmittedRounds > 0, $"omitted: {view.OmittedRounds}");
    }

    [Fact]
    public async Task AppendMessageAsync_InvalidMessage_ThrowsArgumentException()
    {
        var memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive());
        await Assert.ThrowsAsync<ArgumentException>(() => memory.AppendMessageAsync("c", "{\"role\":\"system\",\"content\":\"x\"}"));
        await Assert.ThrowsAsync<ArgumentException>(() => memory.AppendMessageAsync("c", "{not json"));
        Assert.Equal(0, await _store.GetVersionAsync("c"));
    }

    [Fact]
    public async Task AppendMessageAsync_StaleExpectedVersion_ThrowsConcurrency()
    {
        var memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive());
        await memory.AppendMessageAsync("c", "{\"role\":\"user\",\"content\":\"hi\"}");
        await Assert.ThrowsAsync<ConversationConcurrencyException>(() => memory.AppendMessageAsync("c", "{\"role\":\"user\",\"content\":\"again\"}", expectedVersion: 0));
    }

    [Fact]
    public async Task BuildViewAsync_LedgerLargerThanItsShare_NewestAndRelevantFactsShownWithNote()
    {
        var facts = Enumerable.Range(0, 2_000)
            .Select(i => new LedgerFact(FactKind.Identifier, $"Shipment SH-{i:D5} left warehouse {i % 7}.", i))
            .ToList();
        var compaction = new JsonObject
        {
            ["through"] = 0,
            ["summary"] = "Many shipments.",
            ["facts"] = new JsonArray([.. facts.Select(f => new JsonObject { ["kind"] = "Identifier", ["text"] = f.Text, ["seq"] = f.SourceSequence })]),
        };
        await _store.AppendAsync("c", 0, [new ConversationRecord(ConversationEntryKind.Compaction, compaction.ToJsonString())]);
        var memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive());
        await memory.AppendMessageAsync("c", "{\"role\":\"user\",\"content\":\"Where did shipment SH-00042 go?\"}");

        var view = await memory.BuildViewAsync("c", Template, new ContextBudget(20_000, 1_000));

        Assert.True(view.EstimatedTokens <= view.Budget);
        Assert.Contains("SH-00042 left warehouse", view.RequestJson, StringComparison.Ordinal);
        Assert.Contains("SH-01999 left warehouse", view.RequestJson, StringComparison.Ordinal);
        Assert.DoesNotContain("SH-00500 left", view.RequestJson, StringComparison.Ordinal);
        Assert.Contains("older facts are not shown here", view.RequestJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildViewAsync_SmallPdfWithNativeOption_SentAsDocumentBlockThatTheSimulatorAccepts()
    {
        var documents = Skillgate.Documents.DocumentStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "memory.db") }, Estimator);
        var memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive(), documents, new ConversationMemoryOptions { NativePdfMaxPages = 5 });
        var small = await documents.PutAsync(TestFiles.Pdf([["Invoice 2231 total 410 EUR."], ["Page two."]]), "invoice.pdf");
        var large = await documents.PutAsync(TestFiles.Pdf([.. Enumerable.Range(1, 8).Select(i => (IReadOnlyList<string>)[$"Annex page {i}."])]), "annex.pdf");
        await memory.AttachDocumentAsync("c", small);
        await memory.AttachDocumentAsync("c", large);
        await memory.AppendMessageAsync("c", "{\"role\":\"user\",\"content\":\"What is the invoice total?\"}");

        var view = await memory.BuildViewAsync("c", """{"model":"claude-sonnet-4-5","max_tokens":500}""", new ContextBudget(100_000, 500));

        var first = JsonNode.Parse(view.RequestJson)!["messages"]![0]!["content"]!.AsArray();
        Assert.Equal("document", first[0]!["type"]!.GetValue<string>());
        Assert.Equal("invoice.pdf", first[0]!["title"]!.GetValue<string>());
        Assert.NotNull(first[0]!["cache_control"]);
        Assert.Equal("What is the invoice total?", first[^1]!["text"]!.GetValue<string>());
        Assert.Contains("Annex page 8.", view.RequestJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Invoice 2231", view.RequestJson, StringComparison.Ordinal);
        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
        Assert.Null(await documents.GetContentAsync(
            (await documents.PutAsync("plain text"u8.ToArray(), "t.txt")).Hash));

        await using var upstream = await SimulatedUpstream.StartAsync(1, 1, 1);
        var (reply, reported) = await upstream.SendAsync(view.RequestJson);
        Assert.Equal("message", reply["type"]!.GetValue<string>());
        Assert.True(reported > 0);
    }

    private static async Task FillAsync(ConversationMemory memory, string id, int turns)
    {
        var random = new Random(3);
        for (var t = 0; t < turns; t++)
        {
            var user = new JsonObject { ["role"] = "user", ["content"] = $"Ticket ZX-{1000 + t} is assigned to turn {t}. " + SampleTexts.English(random, 60) };
            await memory.AppendMessageAsync(id, user.ToJsonString());
            var assistant = new JsonObject { ["role"] = "assistant", ["content"] = SampleTexts.English(random, 80) };
            await memory.AppendMessageAsync(id, assistant.ToJsonString());
        }
    }

    public void Dispose() => _directory.Dispose();

    private sealed class FailingSummarizer : IConversationSummarizer
    {
        public Task<SummaryResult> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("summary upstream failed");
    }
}
