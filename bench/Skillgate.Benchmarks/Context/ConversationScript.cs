using System.Text;
using System.Text.Json.Nodes;

namespace Skillgate.Benchmarks.Context;

/// <summary>Deterministic turns of a support conversation: prose with identifiers and numbers, a tool call every fifth turn.</summary>
internal static class ConversationScript
{
    private static readonly string[] Words =
    [
        "the", "invoice", "customer", "shipment", "arrived", "late", "because", "warehouse", "quarterly", "report",
        "budget", "approved", "meeting", "Tuesday", "engineering", "review", "contract", "renewal", "supplier", "price",
        "gearbox", "firmware", "calibration", "sensor", "threshold", "escalated", "replacement", "warranty", "refund", "schedule",
    ];

    public static string User(int turn, Random random) => new JsonObject
    {
        ["role"] = "user",
        ["content"] = $"Ticket ZX-{1000 + turn} for order #{random.Next(100_000)}: " + Prose(random, 40 + random.Next(60)),
    }.ToJsonString();

    /// <summary>The assistant's reply; every fifth turn a tool call and its result come first.</summary>
    public static IEnumerable<string> Replies(int turn, Random random)
    {
        if (turn % 5 == 4)
        {
            var id = $"toolu_{turn:D5}";
            yield return new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = new JsonArray(
                    new JsonObject { ["type"] = "text", ["text"] = "Let me look that up." },
                    new JsonObject { ["type"] = "tool_use", ["id"] = id, ["name"] = "lookup_order", ["input"] = new JsonObject { ["order"] = random.Next(100_000) } }),
            }.ToJsonString();
            yield return new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = id, ["content"] = "{\"status\":\"shipped\",\"eta\":\"2026-12-0" + (turn % 9) + "\"}" }),
            }.ToJsonString();
        }

        yield return new JsonObject { ["role"] = "assistant", ["content"] = "Here is what I found. " + Prose(random, 80 + random.Next(80)) }.ToJsonString();
    }

    private static string Prose(Random random, int words)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            sb.Append(Words[random.Next(Words.Length)]).Append(i % 12 == 11 ? ". " : " ");
        }

        return sb.ToString();
    }
}
