using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Storage;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class ConversationMemoryValidationTests : IDisposable
{
    private const string Template = """{"model":"claude-test-1","max_tokens":1000,"system":"You are helpful."}""";
    private const string AskStock = """{"role":"user","content":"What is in stock?"}""";
    private const string CallStock = """{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"stock","input":{}}]}""";
    private static readonly ITokenEstimator Estimator = TokenEstimators.Create();
    private readonly TempDirectory _directory = new();
    private readonly IConversationStore _store;
    private readonly ConversationMemory _memory;

    public ConversationMemoryValidationTests()
    {
        _store = ConversationStores.CreateSqlite(new SqliteStoreOptions { Path = Path.Combine(_directory.Path, "memory.db"), SynchronousFull = false });
        _memory = new ConversationMemory(_store, Estimator, ConversationSummarizers.Extractive());
    }

    public static TheoryData<string, string> BadMessages => new()
    {
        { """{"role":"user","content":[{"type":"text","text":5}]}""", "content.0.text" },
        { """{"role":"user","content":[{"type":"text","text":"ok"},{"type":"tool_result","tool_use_id":5}]}""", "content.1.tool_use_id" },
        { """{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text","text":1}]}]}""", "content.0.content.0.text" },
        { """{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"r","is_error":"yes"}]}""", "content.0.is_error" },
        { """{"role":"user","content":[{"type":"tool_use","id":"t","name":"n","input":{}}]}""", "content.0: a 'tool_use' block belongs to an assistant turn" },
        { """{"role":"user","content":[{"type":"thinking","thinking":"x","signature":"s"}]}""", "content.0: a 'thinking' block" },
        { """{"role":"user","content":[{"type":"image","source":"http://x"}]}""", "content.0.source" },
        { """{"role":"user","content":[5]}""", "content.0: must be a content block" },
        { """{"role":"user","content":[{"type":5}]}""", "content.0: must be a content block" },
        { """{"role":"assistant","content":[{"type":"tool_result","tool_use_id":"t","content":"r"}]}""", "content.0: a 'tool_result' block belongs to a user turn" },
        { """{"role":"assistant","content":[{"type":"tool_use","id":5,"name":"n","input":{}}]}""", "content.0.id" },
        { """{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":[1]}]}""", "content.0.input" },
        { """{"role":"assistant","content":[{"type":"text","text":"ok"},{"type":"thinking","thinking":null}]}""", "content.1.thinking" },
        { """{"role":"assistant","content":[{"type":"thinking","thinking":"x","signature":7}]}""", "content.0.signature" },
        { """{"role":"assistant","content":[{"type":"redacted_thinking"}]}""", "content.0.data" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task AppendMessageAsync_MalformedBlock_ThrowsNamingFieldAndStoresNothing(string message, string expected)
    {
        var e = await Assert.ThrowsAsync<InvalidMessageException>(() => _memory.AppendMessageAsync("c", message));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _store.GetVersionAsync("c"));
    }

    [Fact]
    public async Task AppendMessageAsync_ToolResultAnsweringNoToolUse_ThrowsAndStoresNothing()
    {
        await _memory.AppendMessageAsync("c", AskStock);
        var version = await _memory.AppendMessageAsync("c", CallStock);

        var e = await Assert.ThrowsAsync<InvalidMessageException>(() => _memory.AppendMessageAsync(
            "c", """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":"12"}]}"""));

        Assert.Contains("'toolu_9' answers no tool_use", e.Message, StringComparison.Ordinal);
        Assert.Equal(version, await _store.GetVersionAsync("c"));
    }

    [Fact]
    public async Task AppendMessageAsync_ToolResultAnsweringLastToolUse_Stored()
    {
        await _memory.AppendMessageAsync("c", AskStock);
        await _memory.AppendMessageAsync("c", CallStock);

        var version = await _memory.AppendMessageAsync("c", """{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"12"}]}""");

        Assert.Equal(3, version);
    }

    [Fact]
    public async Task AppendMessageAsync_UnknownBlockTypeAndEmptyContent_Stored()
    {
        await _memory.AppendMessageAsync("c", """{"role":"user","content":[{"type":"search_result","anything":1},{"type":"text","text":"hi"}]}""");
        var version = await _memory.AppendMessageAsync("c", """{"role":"assistant","content":[]}""");

        Assert.Equal(2, version);
    }

    [Fact]
    public async Task BuildViewAsync_MalformedEntriesWrittenPastTheCheck_ValidViewCountingThem()
    {
        var random = new Random(5);
        var bad = 0;
        for (var t = 0; t < 40; t++)
        {
            var user = t % 7 == 3
                ? """{"role":"user","content":[{"type":"text","text":5},{"type":"text","text":"Ticket ZX-T is open."}]}""".Replace("ZX-T", $"ZX-{1000 + t}", StringComparison.Ordinal)
                : new JsonObject { ["role"] = "user", ["content"] = $"Ticket ZX-{1000 + t} is open. " + SampleTexts.English(random, 60) }.ToJsonString();
            bad += t % 7 == 3 ? 1 : 0;
            await Raw("c", user);
            await Raw("c", t % 9 == 4
                ? """{"role":"assistant","content":[{"type":"tool_use","id":5,"name":"n","input":{}},{"type":"text","text":"Noted."}]}"""
                : new JsonObject { ["role"] = "assistant", ["content"] = SampleTexts.English(random, 80) }.ToJsonString());
            bad += t % 9 == 4 ? 1 : 0;
        }

        await Raw("c", """{"role":5,"content":"lost"}""");
        await Raw("c", "5");
        await Raw("c", """{"role":"user","content":"Which tickets are open?"}""");

        var small = await _memory.BuildViewAsync("c", Template, new ContextBudget(6_000, 1_000));
        var large = await _memory.BuildViewAsync("c", Template, new ContextBudget(200_000, 1_000));

        Assert.Null(MessagesRequestValidator.Validate(small.RequestJson));
        Assert.Null(MessagesRequestValidator.Validate(large.RequestJson));
        Assert.True(small.EstimatedTokens <= small.Budget);
        Assert.Contains("Which tickets are open?", small.RequestJson, StringComparison.Ordinal);
        Assert.Null(_memory.LastCompactionError);
        Assert.True(large.SkippedBlocks > 0);
        Assert.True(large.SkippedBlocks <= bad + 2, $"{large.SkippedBlocks} > {bad + 2}");
    }

    private async Task Raw(string id, string json)
    {
        var version = await _store.GetVersionAsync(id);
        await _store.AppendAsync(id, version, [new ConversationRecord(ConversationEntryKind.Message, json)]);
    }

    public void Dispose() => _directory.Dispose();
}
