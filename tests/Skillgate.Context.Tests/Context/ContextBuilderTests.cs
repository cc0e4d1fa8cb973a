using System.Text.Json.Nodes;
using Skillgate.Context;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class ContextBuilderTests
{
    private static readonly ContextBuilder Builder = new(TokenEstimators.Create());

    private static JsonObject Template() => new() { ["model"] = "m", ["max_tokens"] = 100, ["system"] = "Be brief.", ["temperature"] = 0.2 };

    private static JsonObject User(string text) => new() { ["role"] = "user", ["content"] = text };

    private static JsonObject Assistant(string text) => new() { ["role"] = "assistant", ["content"] = text };

    [Fact]
    public void Build_PrefixParts_BreakpointsOnSystemDocumentsMemoryAndPreviousReply()
    {
        var input = new ContextInput(
            Template(),
            [new PinnedDocument("a.txt", "h", "alpha")],
            [new LedgerFact(FactKind.Identifier, "Order AB-1.", 1)],
            "Earlier we talked.",
            [User("one"), Assistant("two"), User("three")]);
        var view = Builder.Build(input, new ContextBudget(10_000, 100));
        var request = JsonNode.Parse(view.RequestJson)!;
        var system = request["system"]!.AsArray();
        Assert.Equal(3, system.Count);
        Assert.All(system, b => Assert.NotNull(b!["cache_control"]));
        Assert.Contains("Order AB-1.", system[2]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(request["messages"]![1]!["content"]![0]!["cache_control"]);
        Assert.Null(request["messages"]![2]!["content"]![0]!["cache_control"]);
        Assert.Equal(0.2, request["temperature"]!.GetValue<double>());
        Assert.Equal(2, view.IncludedRounds);
    }

    [Fact]
    public void Build_HistoryTooLong_DropsOldestRoundsAndSaysSo()
    {
        var messages = new List<JsonObject>();
        for (var i = 0; i < 50; i++)
        {
            messages.Add(User($"question {i} " + new string('x', 400)));
            messages.Add(Assistant($"answer {i} " + new string('y', 400)));
        }

        messages.Add(User("latest question"));
        var view = Builder.Build(new ContextInput(Template(), [], [], null, messages), new ContextBudget(3_000, 500));
        Assert.True(view.OmittedRounds > 0);
        Assert.Equal(51, view.OmittedRounds + view.IncludedRounds);
        Assert.Contains("latest question", view.RequestJson, StringComparison.Ordinal);
        Assert.Contains($"{view.OmittedRounds} earlier user turn(s) are not shown", view.RequestJson, StringComparison.Ordinal);
        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
    }

    [Fact]
    public void Build_CompactedRoundsAndBudgetCuts_BothCountedAsOmitted()
    {
        var messages = new List<JsonObject>();
        for (var i = 0; i < 20; i++)
        {
            messages.Add(User($"question {i} " + new string('x', 400)));
            messages.Add(Assistant($"answer {i} " + new string('y', 400)));
        }

        messages.Add(User("latest question"));
        var input = new ContextInput(Template(), [], [], "Earlier we talked.", messages, CompactedRounds: 7);
        var view = Builder.Build(input, new ContextBudget(3_000, 500));
        Assert.True(view.IncludedRounds < 21, $"included: {view.IncludedRounds}");
        Assert.Equal(28, view.OmittedRounds + view.IncludedRounds);
        Assert.Contains($"Note: {view.OmittedRounds} earlier user turn(s) are not shown", view.RequestJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CompactedRoundsAllRemainingFit_NoteCountsCompacted()
    {
        var input = new ContextInput(Template(), [], [], "Earlier we talked.", [User("one"), Assistant("two"), User("three")], CompactedRounds: 4);
        var view = Builder.Build(input, new ContextBudget(10_000, 100));
        Assert.Equal(2, view.IncludedRounds);
        Assert.Equal(4, view.OmittedRounds);
        Assert.Contains("Note: 4 earlier user turn(s) are not shown", view.RequestJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HugeToolResultInLatestRound_ElidedToFit()
    {
        var messages = new List<JsonObject>
        {
            User("read the log"),
            new() { ["role"] = "assistant", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_use", ["id"] = "t1", ["name"] = "read", ["input"] = new JsonObject() }) },
            new() { ["role"] = "user", ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "t1", ["content"] = string.Join(' ', Enumerable.Repeat("log line", 20_000)) }) },
        };
        var view = Builder.Build(new ContextInput(Template(), [], [], null, messages), new ContextBudget(8_000, 1_000));
        Assert.Equal(1, view.ElidedToolResults);
        Assert.Contains("tool result elided", view.RequestJson, StringComparison.Ordinal);
        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
    }

    [Fact]
    public void Build_SystemAlone_OverBudget_ThrowsOverflow()
    {
        var template = Template();
        template["system"] = string.Join(' ', Enumerable.Repeat("rule", 10_000));
        var error = Assert.Throws<ContextOverflowException>(() => Builder.Build(new ContextInput(template, [], [], null, [User("hi")]), new ContextBudget(4_000, 1_000)));
        Assert.True(error.RequiredTokens > error.Budget);
    }

    [Fact]
    public void Build_InterruptedToolCallThenNewQuestion_SynthesizesErrorResult()
    {
        var messages = new List<JsonObject>
        {
            User("check the weather"),
            new() { ["role"] = "assistant", ["content"] = new JsonArray(
                new JsonObject { ["type"] = "thinking", ["thinking"] = "need a tool", ["signature"] = "s1" },
                new JsonObject { ["type"] = "tool_use", ["id"] = "t9", ["name"] = "weather", ["input"] = new JsonObject() }) },
            User("never mind, what time is it?"),
        };
        var view = Builder.Build(new ContextInput(Template(), [], [], null, messages), new ContextBudget(10_000, 100));
        var last = JsonNode.Parse(view.RequestJson)!["messages"]![2]!["content"]!.AsArray();
        Assert.Equal("tool_result", last[0]!["type"]!.GetValue<string>());
        Assert.True(last[0]!["is_error"]!.GetValue<bool>());
        Assert.Equal("never mind, what time is it?", last[1]!["text"]!.GetValue<string>());
        Assert.Contains("\"signature\":\"s1\"", view.RequestJson, StringComparison.Ordinal);
        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
    }
}
