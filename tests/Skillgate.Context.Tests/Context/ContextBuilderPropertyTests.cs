using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Skillgate.Context;
using Skillgate.Testing;
using Skillgate.Tokens;

namespace Skillgate.Core.Tests.Context;

public sealed class ContextBuilderPropertyTests
{
    private static readonly ITokenEstimator Estimator = TokenEstimators.Create();

    [Fact]
    public void Build_RandomHistories_ValidRequestWithinBudget()
    {
        var built = 0;
        var overflowed = 0;
        Gen.Int.Sample(
            seed =>
            {
                var random = new Random(seed);
                var history = RandomHistory.Create(random, out var currentTurn);
                var window = random.Next(4_000, 60_000);
                var budget = new ContextBudget(window, random.Next(256, 4_096));
                var input = new ContextInput(
                    Template(random),
                    Documents(random),
                    Facts(random),
                    random.Next(2) == 0 ? null : RandomHistory.Prose(random, random.Next(1, 120)),
                    history,
                    random.Next(3) == 0 ? "Excerpts from report.pdf: " + RandomHistory.Prose(random, 80) : null);
                try
                {
                    var view = new ContextBuilder(Estimator).Build(input, budget);
                    Interlocked.Increment(ref built);
                    Assert.Null(MessagesRequestValidator.Validate(view.RequestJson));
                    var tokens = Estimator.EstimateRequest(Encoding.UTF8.GetBytes(view.RequestJson)).Tokens;
                    Assert.True(tokens <= budget.InputBudget, $"{tokens} > {budget.InputBudget}");
                    Assert.Equal(tokens, view.EstimatedTokens);
                    Assert.Contains(JsonValue.Create(currentTurn).ToJsonString()[1..^1], view.RequestJson, StringComparison.Ordinal);
                }
                catch (ContextOverflowException e)
                {
                    Interlocked.Increment(ref overflowed);
                    Assert.True(e.RequiredTokens > e.Budget);
                }
            },
            iter: 2_000);

        Assert.True(built >= 1_600, $"built {built}, overflowed {overflowed}");
    }

    private static JsonObject Template(Random random)
    {
        var template = new JsonObject { ["model"] = "claude-test-1", ["max_tokens"] = 1024 };
        switch (random.Next(3))
        {
            case 0:
                template["system"] = "You are a careful assistant. " + RandomHistory.Prose(random, random.Next(0, 200));
                break;
            case 1:
                template["system"] = new JsonArray(
                    new JsonObject { ["type"] = "text", ["text"] = "Rules.", ["cache_control"] = new JsonObject { ["type"] = "ephemeral" } });
                break;
        }

        if (random.Next(3) == 0)
        {
            template["tools"] = new JsonArray(new JsonObject
            {
                ["name"] = "lookup",
                ["description"] = "Looks things up.",
                ["input_schema"] = new JsonObject { ["type"] = "object" },
            });
        }

        return template;
    }

    private static List<PinnedDocument> Documents(Random random) =>
        Enumerable.Range(0, random.Next(3) == 0 ? random.Next(1, 3) : 0)
            .Select(i => new PinnedDocument($"doc{i}.pdf", "h" + i, SampleTexts.English(random, random.Next(10, 1_000))))
            .ToList();

    private static List<LedgerFact> Facts(Random random) =>
        Enumerable.Range(0, random.Next(0, 30))
            .Select(i => new LedgerFact((FactKind)(i % 5), $"Fact {i}: order #{random.Next(10_000)} costs {random.Next(999)} EUR.", i))
            .ToList();
}
