using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Skillgate.Tokens;

namespace Skillgate.Context;

/// <summary>
/// Builds a valid Messages request from a conversation within a token budget. The history is cut only between
/// rounds (a user turn with every reply and tool call that follows it), so a tool_use never loses its results and
/// thinking blocks stay with their signatures. System prompt, pinned documents and the memory block (ledger and
/// summary) are always kept and carry the cache breakpoints.
/// </summary>
internal sealed class ContextBuilder
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private readonly ITokenEstimator _estimator;

    public ContextBuilder(ITokenEstimator estimator)
    {
        _estimator = estimator;
    }

    public ContextView Build(ContextInput input, ContextBudget budget)
    {
        var limit = budget.InputBudget;
        var model = MessageRules.String(input.RequestTemplate["model"]) ?? string.Empty;
        var messages = MessageNormalizer.Normalize(input.Messages, out var skipped);
        var rounds = SplitRounds(messages);
        if (rounds.Count == 0)
        {
            throw new ArgumentException("The conversation has no user turn to answer.", nameof(input));
        }

        // The whole history fits (the usual case: compaction keeps it within its share): one estimate, nothing to cut.
        if (rounds.Count > 1)
        {
            var whole = Assemble(input, rounds, 0, elide: 0);
            var wholeTokens = Estimate(whole);
            if (wholeTokens <= limit)
            {
                return new ContextView(whole.ToJsonString(Compact), wholeTokens, limit, rounds.Count, input.CompactedRounds, 0) { SkippedBlocks = skipped };
            }
        }

        var baseTokens = _estimator.EstimateRequest("{\"messages\":[]}"u8).Tokens;

        // Newest first: take whole rounds while they fit next to the fixed prefix (older rounds are never counted).
        var first = rounds.Count - 1;
        var used = Estimate(Assemble(input, rounds, first, elide: 0));
        while (first > 0 && used + (Tokens(model, rounds[first - 1]) - baseTokens) is var next && next <= limit)
        {
            used = next;
            first--;
        }

        // Verify on the whole request: parts are estimated separately, and the memory note grows with omissions.
        var elide = 0;
        while (true)
        {
            var request = Assemble(input, rounds, first, elide);
            var tokens = Estimate(request);
            if (tokens <= limit)
            {
                return new ContextView(request.ToJsonString(Compact), tokens, limit, rounds.Count - first, input.CompactedRounds + first, elide) { SkippedBlocks = skipped };
            }

            if (first < rounds.Count - 1)
            {
                first++;
            }
            else if (elide < CountToolResults(rounds[^1]))
            {
                elide++;
            }
            else
            {
                throw new ContextOverflowException(tokens, limit);
            }
        }
    }

    private int Tokens(string model, List<JsonObject> round)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("messages");
            foreach (var message in round)
            {
                message.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return _estimator.EstimateRequest(buffer.WrittenSpan).Tokens;
    }

    private int Estimate(JsonObject request) =>
        _estimator.EstimateRequest(JsonSerializer.SerializeToUtf8Bytes(request, Compact)).Tokens;

    internal static List<List<JsonObject>> SplitRounds(List<JsonObject> messages)
    {
        var rounds = new List<List<JsonObject>>();
        foreach (var message in messages)
        {
            if (StartsRound(message) || rounds.Count == 0)
            {
                rounds.Add([]);
            }

            rounds[^1].Add(message);
        }

        return rounds;
    }

    /// <summary>Whether a normalized message starts a round: a user turn that is not tool results.</summary>
    internal static bool StartsRound(JsonObject message) =>
        message["role"]!.GetValue<string>() == "user" && MessageNormalizer.Type(((JsonArray)message["content"]!)[0]) != "tool_result";

    private static int CountToolResults(List<JsonObject> round) =>
        round.Sum(m => ((JsonArray)m["content"]!).Count(b => MessageNormalizer.Type(b) == "tool_result"));

    private static JsonObject Assemble(ContextInput input, List<List<JsonObject>> rounds, int first, int elide)
    {
        var request = (JsonObject)input.RequestTemplate.DeepClone();
        request.Remove("messages");
        var system = SystemBlocks(request["system"]);
        request.Remove("system");
        var breakpoints = new List<JsonObject>();
        if (system.Count > 0)
        {
            breakpoints.Add((JsonObject)system[^1]!);
        }

        if (input.Documents.Count > 0)
        {
            var block = TextBlock(RenderDocuments(input.Documents));
            system.Add(block);
            breakpoints.Add(block);
        }

        var memory = RenderMemory(input.Facts, input.Summary, input.CompactedRounds + first);
        if (memory is not null)
        {
            var block = TextBlock(memory);
            system.Add(block);
            breakpoints.Add(block);
        }

        var messages = new JsonArray();
        var remainingElisions = elide;
        for (var r = first; r < rounds.Count; r++)
        {
            foreach (var message in rounds[r])
            {
                var clone = (JsonObject)message.DeepClone();
                if (r == rounds.Count - 1 && remainingElisions > 0)
                {
                    remainingElisions -= ElideToolResults((JsonArray)clone["content"]!, remainingElisions);
                }

                messages.Add(clone);
            }
        }

        if (input.NativeDocuments is { Count: > 0 } native && messages.Count > 0)
        {
            var content = (JsonArray)messages[0]!["content"]!;
            for (var i = native.Count - 1; i >= 0; i--)
            {
                content.Insert(0, native[i].DeepClone());
            }

            breakpoints.Add((JsonObject)content[native.Count - 1]!);
        }

        var lastUser = LastIndex(messages, "user");
        if (!string.IsNullOrEmpty(input.RetrievedContext) && lastUser >= 0)
        {
            var content = (JsonArray)messages[lastUser]!["content"]!;
            var at = content.TakeWhile(b => MessageNormalizer.Type(b) == "tool_result").Count();
            content.Insert(at, TextBlock(input.RetrievedContext));
        }

        if (lastUser > 0 && CacheableLastBlock((JsonArray)messages[lastUser - 1]!["content"]!) is { } stable)
        {
            breakpoints.Add(stable);
        }

        foreach (var block in breakpoints.TakeLast(4))
        {
            block["cache_control"] = new JsonObject { ["type"] = "ephemeral" };
        }

        if (system.Count > 0)
        {
            request["system"] = system;
        }

        request["messages"] = messages;
        return request;
    }

    private static int ElideToolResults(JsonArray content, int max)
    {
        var done = 0;
        foreach (var block in content)
        {
            if (done < max && MessageNormalizer.Type(block) == "tool_result" && block!["content"] is { } result)
            {
                var length = result.ToJsonString().Length;
                block["content"] = $"[tool result elided to fit the context budget: about {length} characters]";
                done++;
            }
        }

        return done;
    }

    private static JsonObject? CacheableLastBlock(JsonArray content)
    {
        for (var i = content.Count - 1; i >= 0; i--)
        {
            var type = MessageNormalizer.Type(content[i]);
            if (type is not ("thinking" or "redacted_thinking") && content[i] is JsonObject block)
            {
                return block;
            }
        }

        return null;
    }

    private static int LastIndex(JsonArray messages, string role)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i]!["role"]!.GetValue<string>() == role)
            {
                return i;
            }
        }

        return -1;
    }

    private static JsonArray SystemBlocks(JsonNode? system)
    {
        if (system is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return string.IsNullOrEmpty(text) ? [] : [TextBlock(text)];
        }

        return MessageNormalizer.Blocks(system);
    }

    private static JsonObject TextBlock(string text) => new() { ["type"] = "text", ["text"] = text };

    private static string RenderDocuments(IReadOnlyList<PinnedDocument> documents)
    {
        var sb = new StringBuilder();
        foreach (var document in documents)
        {
            sb.Append("<document name=\"").Append(document.Name).Append("\" sha256=\"").Append(document.Hash).Append("\">\n")
              .Append(document.Text).Append("\n</document>\n");
        }

        return sb.ToString();
    }

    internal static string? RenderMemory(IReadOnlyList<LedgerFact> facts, string? summary, int omittedRounds)
    {
        if (facts.Count == 0 && string.IsNullOrEmpty(summary) && omittedRounds == 0)
        {
            return null;
        }

        var sb = new StringBuilder("<conversation_memory>\n");
        if (facts.Count > 0)
        {
            sb.Append("Facts from earlier in this conversation:\n");
            foreach (var fact in facts)
            {
                sb.Append("- [").Append(KindLabel(fact.Kind)).Append("] ").Append(fact.Text).Append('\n');
            }
        }

        if (!string.IsNullOrEmpty(summary))
        {
            sb.Append("Summary of earlier turns: ").Append(summary).Append('\n');
        }

        if (omittedRounds > 0)
        {
            sb.Append("Note: ").Append(omittedRounds).Append(" earlier user turn(s) are not shown verbatim; rely on the facts and summary above.\n");
        }

        return sb.Append("</conversation_memory>").ToString();
    }

    private static string KindLabel(FactKind kind) => kind switch
    {
        FactKind.Name => "name",
        FactKind.Number => "number",
        FactKind.Identifier => "id",
        FactKind.Decision => "decision",
        _ => "open task",
    };
}
