using Skillgate.Context;

namespace Skillgate.Core.Tests.Context;

public sealed class ExtractiveSummarizerTests
{
    [Theory]
    [InlineData("We decided to ship on Friday.", FactKind.Decision)]
    [InlineData("我们决定下周发布。", FactKind.Decision)]
    [InlineData("Remind me to send the contract.", FactKind.OpenTask)]
    [InlineData("The ticket is OPS-4412.", FactKind.Identifier)]
    [InlineData("Mail jane.doe@example.com about it.", FactKind.Identifier)]
    [InlineData("The total is 1,250 EUR.", FactKind.Number)]
    [InlineData("Our contact is Amelia Novak.", FactKind.Name)]
    [InlineData("It rained on Tuesday.", null)]
    [InlineData("the shipment arrived late because of the warehouse.", null)]
    public void Classify_Sentence_ExpectedKind(string sentence, FactKind? expected) =>
        Assert.Equal(expected, ExtractiveSummarizer.Classify(sentence));

    [Fact]
    public async Task SummarizeAsync_Turns_FactsWithSourceAndShortRollingSummary()
    {
        var entries = new List<ConversationEntry>();
        for (var i = 1; i <= 60; i++)
        {
            var role = i % 2 == 1 ? "user" : "assistant";
            var text = i == 7 ? "Please use order AB-1234 for the refund. Thanks." : $"Topic number {(i % 2 == 1 ? i : 0)} is about the weather and lunch plans for everyone here.";
            entries.Add(new ConversationEntry(i, ConversationEntryKind.Message, $$"""{"role":"{{role}}","content":[{"type":"text","text":"{{text}}"}]}""", DateTimeOffset.UnixEpoch));
        }

        var known = new LedgerFact(FactKind.Number, "Topic number 1 is about the weather and lunch plans for everyone here.", 1);
        var result = await ConversationSummarizers.Extractive().SummarizeAsync(new SummaryRequest(null, [known], entries, 100));

        var fact = Assert.Single(result.NewFacts, f => f.Text.Contains("AB-1234", StringComparison.Ordinal));
        Assert.Equal(FactKind.Identifier, fact.Kind);
        Assert.Equal(7, fact.SourceSequence);
        Assert.DoesNotContain(result.NewFacts, f => f.Text == known.Text);
        Assert.True(result.Summary.Length <= 400, $"summary of {result.Summary.Length} chars");
        Assert.Contains("Topic number 59", result.Summary, StringComparison.Ordinal);
    }
}
