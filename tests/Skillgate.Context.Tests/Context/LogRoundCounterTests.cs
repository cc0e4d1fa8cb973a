using System.Text.Json.Nodes;
using CsCheck;
using Skillgate.Context;

namespace Skillgate.Core.Tests.Context;

public sealed class LogRoundCounterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Count_RandomHistoriesTurnByTurn_SameAsSplittingTheWholeNormalizedLog()
    {
        Gen.Int.Sample(
            seed =>
            {
                var random = new Random(seed);
                var history = RandomHistory.Create(random, out _);
                if (random.Next(4) == 0)
                {
                    // Logs that start with a reply, or carry a user message of tool results only.
                    history.Insert(0, JsonNode.Parse("""{"role":"assistant","content":"Hello."}""")!.AsObject());
                }

                var counter = new LogRoundCounter(16);
                var entries = new List<ConversationEntry>();
                foreach (var message in history)
                {
                    entries.Add(Entry(entries.Count + 1, ConversationEntryKind.Message, message.ToJsonString()));
                    if (random.Next(5) == 0)
                    {
                        entries.Add(Entry(entries.Count + 1, ConversationEntryKind.Document, """{"hash":"h","name":"a.txt"}"""));
                    }

                    if (random.Next(3) > 0)
                    {
                        Assert.Equal(Expected(entries), counter.Count("c", entries));
                    }
                }

                Assert.Equal(Expected(entries), counter.Count("c", entries));
            },
            iter: 1_000);
    }

    [Fact]
    public void Count_ConversationRecreatedWithOtherMessages_CountedAfresh()
    {
        var counter = new LogRoundCounter(16);
        var first = Enumerable.Range(1, 6)
            .Select(i => Entry(i, ConversationEntryKind.Message, i % 2 == 1 ? User($"question {i}") : Assistant($"answer {i}")))
            .ToList();
        Assert.Equal(3, counter.Count("c", first));

        // Deleted and re-created: five user messages in a row are one round; then the log grows past the old length
        // (going on from the old checkpoint would count 3 + 1).
        var second = Enumerable.Range(1, 8)
            .Select(i => Entry(i, ConversationEntryKind.Message, i <= 4 ? User($"again {i}") : i % 2 == 1 ? User($"more {i}") : Assistant($"reply {i}")))
            .ToList();

        Assert.Equal(2, counter.Count("c", second));
        Assert.Equal(Expected(second), counter.Count("c", second));
    }

    [Fact]
    public void Count_MoreConversationsThanCapacity_StillCorrect()
    {
        var counter = new LogRoundCounter(2);
        var logs = Enumerable.Range(0, 5)
            .Select(c => Enumerable.Range(1, 2 + (2 * c)).Select(i => Entry(i, ConversationEntryKind.Message, i % 2 == 1 ? User($"q{c}.{i}") : Assistant($"a{c}.{i}"))).ToList())
            .ToList();
        for (var round = 0; round < 3; round++)
        {
            for (var c = 0; c < logs.Count; c++)
            {
                Assert.Equal(c + 1, counter.Count("c" + c, logs[c]));
            }
        }
    }

    private static int Expected(IEnumerable<ConversationEntry> entries) =>
        ContextBuilder.SplitRounds(MessageNormalizer.Normalize(
            entries.Where(e => e.Kind == ConversationEntryKind.Message).Select(e => JsonNode.Parse(e.Json)!.AsObject()))).Count;

    private static ConversationEntry Entry(int sequence, ConversationEntryKind kind, string json) =>
        new(sequence, kind, json, Start.AddSeconds(sequence));

    private static string User(string text) => new JsonObject { ["role"] = "user", ["content"] = text }.ToJsonString();

    private static string Assistant(string text) => new JsonObject { ["role"] = "assistant", ["content"] = text }.ToJsonString();
}
