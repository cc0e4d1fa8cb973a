using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Storage;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class ClaudeSummarizerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private static List<ConversationEntry> Turns() =>
    [
        new(1, ConversationEntryKind.Message, """{"role":"user","content":"The ticket is OPS-4412 and the vendor is Acme."}""", DateTimeOffset.UnixEpoch),
        new(2, ConversationEntryKind.Message, """{"role":"assistant","content":[{"type":"text","text":"Noted."}]}""", DateTimeOffset.UnixEpoch),
    ];

    [Fact]
    public async Task SummarizeAsync_ModelRepliesWithJson_UsesItsSummaryAndKeepsExtractiveFacts()
    {
        string? sent = null;
        var reply = new JsonObject
        {
            ["content"] = new JsonArray(new JsonObject
            {
                ["type"] = "text",
                ["text"] = "```json\n{\"summary\":\"User opened a ticket with Acme.\",\"facts\":[{\"kind\":\"name\",\"text\":\"The vendor is Acme.\"}]}\n```",
            }),
        }.ToJsonString();
        var summarizer = ConversationSummarizers.Claude(
            (body, _) =>
            {
                sent = body;
                return Task.FromResult(reply);
            },
            "claude-haiku");

        var result = await summarizer.SummarizeAsync(new SummaryRequest("Earlier.", [], Turns(), 200));

        Assert.Equal("User opened a ticket with Acme.", result.Summary);
        Assert.Contains(result.NewFacts, f => f.Text.Contains("OPS-4412", StringComparison.Ordinal));
        Assert.Contains(result.NewFacts, f => f is { Kind: FactKind.Name, Text: "The vendor is Acme." });
        var request = JsonNode.Parse(sent!)!;
        Assert.Equal("claude-haiku", request["model"]!.GetValue<string>());
        Assert.Contains("OPS-4412", request["messages"]![0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildViewAsync_SimulatorRepliesWithProse_CompactionCommitsNothing()
    {
        // The simulator answers with random words, not the JSON asked for: the summary fails and the log stays as it was.
        await using var upstream = await SimulatedUpstream.StartAsync(1, 1, 1);
        var summarizer = ConversationSummarizers.Claude(async (body, _) => (await upstream.SendAsync(body)).Message.ToJsonString(), "claude-haiku-4-5");
        var store = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "c.db"), SynchronousFull = false });
        var memory = new ConversationMemory(store, TokenEstimators.Create(), summarizer);
        var random = new Random(1);
        for (var t = 0; t < 30; t++)
        {
            await memory.AppendMessageAsync("c", new JsonObject { ["role"] = "user", ["content"] = SampleTexts.English(random, 80) }.ToJsonString());
            await memory.AppendMessageAsync("c", new JsonObject { ["role"] = "assistant", ["content"] = SampleTexts.English(random, 80) }.ToJsonString());
        }

        var view = await memory.BuildViewAsync("c", """{"model":"claude-sonnet-4-5","max_tokens":500}""", new ContextBudget(5_000, 500));

        Assert.IsType<FormatException>(memory.LastCompactionError);
        Assert.Equal(60, await store.GetVersionAsync("c"));
        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
        Assert.True(view.EstimatedTokens <= view.Budget);
    }

    public void Dispose() => _directory.Dispose();
}
