using System.Text.Json.Nodes;
using Skillgate.Testing;

namespace Skillgate.Core.Tests.Context;

/// <summary>Random conversation histories as a client might store them: text, parallel tool calls, thinking, faults.</summary>
internal static class RandomHistory
{
    public static List<JsonObject> Create(Random random, out string currentTurn)
    {
        var messages = new List<JsonObject>();
        var toolId = 0;
        var rounds = random.Next(1, 40);
        if (random.Next(30) == 0)
        {
            messages.Add(Assistant(new JsonArray(Text("stray reply before any question"))));
        }

        currentTurn = string.Empty;
        for (var r = 0; r < rounds; r++)
        {
            currentTurn = $"turn-{r}: " + Prose(random, 1 + random.Next(random.Next(10) == 0 ? 800 : 80));
            var userContent = new JsonArray();
            switch (random.Next(12))
            {
                case 0:
                    userContent.Add(new JsonObject
                    {
                        ["type"] = "document",
                        ["source"] = new JsonObject { ["type"] = "text", ["media_type"] = "text/plain", ["data"] = Prose(random, random.Next(20, 900)) },
                        ["title"] = "notes.txt",
                    });
                    break;
                case 1:
                    userContent.Add(new JsonObject
                    {
                        ["type"] = "image",
                        ["source"] = new JsonObject { ["type"] = "base64", ["media_type"] = "image/png", ["data"] = "iVBORw0KGgo=" },
                    });
                    break;
            }

            userContent.Add(Text(currentTurn));
            messages.Add(random.Next(2) == 0 && userContent.Count == 1
                ? new JsonObject { ["role"] = "user", ["content"] = currentTurn }
                : User(userContent));
            if (random.Next(30) == 0)
            {
                messages.Add(User(new JsonArray(Text("and one more thing " + r))));
            }

            var last = r == rounds - 1;
            var loops = random.Next(4) == 0 ? random.Next(1, 4) : 0;
            for (var l = 0; l < loops; l++)
            {
                var content = new JsonArray();
                if (random.Next(3) == 0)
                {
                    content.Add(Thinking(random));
                }

                if (random.Next(2) == 0)
                {
                    content.Add(Text("Let me check. " + Prose(random, random.Next(1, 30))));
                }

                var ids = new List<string>();
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    var id = $"toolu_{toolId++:D4}";
                    ids.Add(id);
                    content.Add(new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = id,
                        ["name"] = "lookup",
                        ["input"] = new JsonObject { ["query"] = Prose(random, 3), ["page"] = random.Next(100) },
                    });
                }

                messages.Add(Assistant(content));
                if (random.Next(25) == 0)
                {
                    break; // interrupted: the tool calls never got results
                }

                var results = new JsonArray();
                foreach (var id in ids.OrderBy(_ => random.Next()))
                {
                    if (random.Next(15) == 0)
                    {
                        continue;
                    }

                    results.Add(new JsonObject
                    {
                        ["type"] = "tool_result",
                        ["tool_use_id"] = id,
                        ["content"] = random.Next(2) == 0
                            ? Prose(random, random.Next(1, random.Next(8) == 0 ? 1500 : 120))
                            : new JsonArray(Text(Prose(random, random.Next(1, 60)))),
                    });
                }

                if (random.Next(20) == 0)
                {
                    results.Add(new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = "toolu_orphan", ["content"] = "stale" });
                }

                messages.Add(User(results));
            }

            if (!last || random.Next(2) == 0)
            {
                var reply = new JsonArray();
                if (random.Next(3) == 0)
                {
                    reply.Add(random.Next(5) == 0
                        ? new JsonObject { ["type"] = "redacted_thinking", ["data"] = "EmwKAhgBEgy3va3pzix/LafPsn4a" }
                        : Thinking(random));
                }

                reply.Add(Text(Prose(random, random.Next(1, random.Next(10) == 0 ? 600 : 100))));
                messages.Add(Assistant(reply));
                if (last)
                {
                    messages.Add(new JsonObject { ["role"] = "user", ["content"] = currentTurn = "follow-up " + Prose(random, 5) });
                }
            }
        }

        return messages;
    }

    public static string Prose(Random random, int words) =>
        random.Next(4) == 0 ? SampleTexts.Chinese(random, Math.Max(1, words / 3)) : SampleTexts.English(random, words);

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Thinking(Random random) =>
        new() { ["type"] = "thinking", ["thinking"] = Prose(random, random.Next(5, 80)), ["signature"] = "sig" + random.Next() };

    private static JsonObject User(JsonArray content) => new() { ["role"] = "user", ["content"] = content };

    private static JsonObject Assistant(JsonArray content) => new() { ["role"] = "assistant", ["content"] = content };
}
