using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Skillgate.Context;

/// <summary>Compaction: old rounds become ledger facts and a summary, committed as one log entry.</summary>
public sealed partial class ConversationMemory
{
    private async Task<bool> TryCompactAsync(string conversationId, ConversationState state, ContextInput input, ContextBudget budget, string model, CancellationToken cancellationToken)
    {
        var rounds = Rounds(state.Messages, input.Messages);
        if (rounds.Count <= _options.RecentRounds)
        {
            return false;
        }

        var fixedInput = input with { Messages = [], RetrievedContext = input.RetrievedContext };
        var fixedTokens = EstimateFixed(fixedInput, model);
        var room = budget.InputBudget - fixedTokens;
        if (room <= 0)
        {
            return false;
        }

        // One estimate of every message first: the rounds estimated apart add at most an empty request's tokens and
        // one for rounding each to it, so while even that is under the trigger the rounds need not be counted.
        var emptyRequest = _estimator.EstimateRequest("{\"messages\":[]}"u8).Tokens;
        if (EstimateMessages(model, state.Messages) + (rounds.Count * (emptyRequest + 1L)) <= room * _options.CompactionTrigger)
        {
            return false;
        }

        var roundTokens = rounds.Select(r => EstimateMessages(model, r)).ToArray();
        var total = roundTokens.Sum();
        if (total <= room * _options.CompactionTrigger)
        {
            return false;
        }

        var target = room * _options.CompactionTarget;
        var count = 0;
        while (count < rounds.Count - _options.RecentRounds && total > target)
        {
            total -= roundTokens[count];
            count++;
        }

        if (count == 0)
        {
            return false;
        }

        var compacted = rounds.Take(count).SelectMany(r => r).ToList();
        SummaryResult result;
        try
        {
            result = await _summarizer.SummarizeAsync(
                new SummaryRequest(state.Summary, state.Facts, compacted, _options.MaxSummaryTokens),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Nothing was written: the turns stay in the log and in the view (or are noted as omitted).
            LastCompactionError = e;
            return false;
        }

        var record = new ConversationRecord(ConversationEntryKind.Compaction, ConversationState.CompactionJson(compacted[^1].Sequence, result));
        try
        {
            await _store.AppendAsync(conversationId, state.Version, [record], cancellationToken).ConfigureAwait(false);
        }
        catch (ConversationConcurrencyException)
        {
            // Another writer appended meanwhile; the caller re-reads and decides again.
        }

        LastCompactionError = null;
        return true;
    }

    private int EstimateFixed(ContextInput input, string model)
    {
        var memory = ContextBuilder.RenderMemory(input.Facts, input.Summary, 0) ?? string.Empty;
        var documents = string.Concat(input.Documents.Select(d => d.Text));
        var template = _estimator.EstimateRequest(JsonSerializer.SerializeToUtf8Bytes(input.RequestTemplate)).Tokens;
        return template + _estimator.EstimateText(model, memory + documents + input.RetrievedContext).Tokens;
    }

    private int EstimateMessages(string model, List<ConversationEntry> round)
    {
        // The stored JSON as it is: nothing to parse and write again.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("messages");
            foreach (var entry in round)
            {
                writer.WriteRawValue(entry.Json, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return _estimator.EstimateRequest(buffer.WrittenSpan).Tokens;
    }

    /// <summary>The log's messages cut into rounds; <paramref name="parsed"/> holds the same messages, parsed.</summary>
    private static List<List<ConversationEntry>> Rounds(List<ConversationEntry> entries, IReadOnlyList<JsonObject> parsed)
    {
        var rounds = new List<List<ConversationEntry>>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var message = parsed[i];
            var content = message["content"];
            var startsRound = MessageRules.String(message["role"]) == "user"
                && !(content is JsonArray blocks && blocks.Count > 0 && MessageNormalizer.Type(blocks[0]) == "tool_result");
            if (startsRound || rounds.Count == 0)
            {
                rounds.Add([]);
            }

            rounds[^1].Add(entry);
        }

        return rounds;
    }
}
