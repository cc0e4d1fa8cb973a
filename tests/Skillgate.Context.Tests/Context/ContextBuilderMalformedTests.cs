using System.Text.Json.Nodes;
using CsCheck;
using Skillgate.Context;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class ContextBuilderMalformedTests
{
    private static readonly ITokenEstimator Estimator = TokenEstimators.Create();

    [Fact]
    public void Build_RandomHistoriesWithMalformedEntries_ValidRequestAndEveryFaultCounted()
    {
        var built = 0;
        Gen.Int.Sample(
            seed =>
            {
                var random = new Random(seed);
                var history = RandomHistory.Create(random, out var currentTurn);
                var injected = MalformedHistory.Corrupt(random, history);
                var budget = new ContextBudget(random.Next(8_000, 60_000), random.Next(256, 2_048));
                var template = new JsonObject { ["model"] = "claude-test-1", ["max_tokens"] = 1024, ["system"] = "Be careful." };
                var input = new ContextInput(template, [], [], null, history, null);
                try
                {
                    var view = new ContextBuilder(Estimator).Build(input, budget);
                    Interlocked.Increment(ref built);
                    Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
                    Assert.Equal(injected, view.SkippedBlocks);
                    Assert.True(view.EstimatedTokens <= budget.InputBudget);
                    Assert.Contains(JsonValue.Create(currentTurn).ToJsonString()[1..^1], view.RequestJson, StringComparison.Ordinal);
                }
                catch (ContextOverflowException e)
                {
                    Assert.True(e.RequiredTokens > e.Budget);
                }
            },
            iter: 1_000);

        Assert.True(built >= 800, $"built {built}");
    }

    [Fact]
    public void Build_WrongTypedFields_SkipsThemAndAnswersBrokenToolCall()
    {
        var history = new List<JsonObject>
        {
            Message("""{"role":"user","content":[{"type":"text","text":5},{"type":"text","text":"What is in stock?"}]}"""),
            Message("""{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"stock","input":{}}]}"""),
            Message("""{"role":"user","content":[{"type":"tool_result","tool_use_id":5,"content":"12 units"}]}"""),
            Message("""{"role":"assistant","content":[{"type":"text","text":"Twelve."}]}"""),
            Message("""{"role":"user","content":[{"type":"tool_use","id":"toolu_2","name":"stock","input":{}},{"type":"text","text":"Thanks."}]}"""),
        };

        var view = new ContextBuilder(Estimator).Build(new ContextInput(new JsonObject { ["model"] = "claude-test-1" }, [], [], null, history, null), new ContextBudget(20_000, 1_000));

        Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
        Assert.Equal(3, view.SkippedBlocks);
        Assert.Contains(MessageNormalizer.MissingResultText, view.RequestJson, StringComparison.Ordinal);
        Assert.DoesNotContain("toolu_2", view.RequestJson, StringComparison.Ordinal);
        Assert.Contains("Thanks.", view.RequestJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CleanHistory_SkipsNothing()
    {
        var history = RandomHistory.Create(new Random(11), out _);

        var view = new ContextBuilder(Estimator).Build(new ContextInput(new JsonObject { ["model"] = "claude-test-1" }, [], [], null, history, null), new ContextBudget(200_000, 1_000));

        Assert.Equal(0, view.SkippedBlocks);
    }

    private static JsonObject Message(string json) => JsonNode.Parse(json)!.AsObject();
}
