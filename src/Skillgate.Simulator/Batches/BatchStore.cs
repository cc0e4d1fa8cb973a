using System.Text.Json;
using Skillgate.Protocol;
using Skillgate.Simulator.Faults;
using Skillgate.Simulator.Generation;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator.Batches;

/// <summary>In-memory Message Batches: create, progress over time, cancel, delete; each batch belongs to the
/// workspace of the key that created it and is invisible to other workspaces.</summary>
internal sealed class BatchStore(SimulatorState state)
{
    private readonly Lock _lock = new();
    private readonly List<Batch> _batches = [];
    private readonly Dictionary<string, Batch> _byId = new(StringComparer.Ordinal);

    public Batch Create(string workspace, IReadOnlyList<BatchItem> items)
    {
        var batch = new Batch { Id = state.Ids.Next("msgbatch_"), Workspace = workspace, CreatedAt = state.Time.GetUtcNow(), Items = items };
        lock (_lock)
        {
            _batches.Add(batch);
            _byId.Add(batch.Id, batch);
        }

        return batch;
    }

    /// <summary>The batch, or null when it does not exist, was deleted or belongs to another workspace (the
    /// real API does not tell these apart).</summary>
    public Batch? Find(string workspace, string id)
    {
        lock (_lock)
        {
            return _byId.TryGetValue(id, out var batch) && !batch.Deleted && batch.Workspace == workspace ? batch : null;
        }
    }

    /// <summary>The workspace's batches, newest first.</summary>
    public List<Batch> List(string workspace)
    {
        lock (_lock)
        {
            var list = new List<Batch>(_batches.Count);
            for (var i = _batches.Count - 1; i >= 0; i--)
            {
                if (!_batches[i].Deleted && _batches[i].Workspace == workspace)
                {
                    list.Add(_batches[i]);
                }
            }

            return list;
        }
    }

    public void Cancel(Batch batch)
    {
        lock (_lock)
        {
            if (batch.CancelInitiatedAt is null && !Progress(batch).Ended)
            {
                var now = state.Time.GetUtcNow();
                batch.ProcessedAtCancel = ProcessedAt(batch, now);
                batch.CancelInitiatedAt = now;
            }
        }
    }

    public void Delete(Batch batch)
    {
        lock (_lock)
        {
            batch.Deleted = true;
        }
    }

    public BatchProgress Progress(Batch batch)
    {
        var now = state.Time.GetUtcNow();
        var total = batch.Items.Count;
        var processed = ProcessedAt(batch, now);
        DateTimeOffset? endedAt = null;
        var status = "in_progress";
        var canceled = 0;
        if (batch.CancelInitiatedAt is { } cancelAt)
        {
            processed = Math.Min(processed, batch.ProcessedAtCancel);
            var cancelEnd = cancelAt + state.Options.BatchRequestDuration;
            if (now >= cancelEnd || processed == total)
            {
                status = "ended";
                endedAt = processed == total ? EndOfProcessing(batch) : cancelEnd;
                canceled = total - processed;
            }
            else
            {
                status = "canceling";
            }
        }
        else if (processed == total)
        {
            status = "ended";
            endedAt = EndOfProcessing(batch);
        }

        var errored = 0;
        for (var i = 0; i < processed; i++)
        {
            if (IsErrored(batch.Items[i]))
            {
                errored++;
            }
        }

        return new BatchProgress(status, processed, total - processed - canceled, processed - errored, errored, canceled, endedAt);
    }

    public static bool IsErrored(BatchItem item) =>
        item.Error is not null || item.Directives.Fault is FaultKind.ApiError or FaultKind.Timeout or FaultKind.Overloaded or FaultKind.Status;

    public static AnthropicError ErrorOf(BatchItem item) => item.Error ?? item.Directives.Fault switch
    {
        FaultKind.Timeout => new AnthropicError(AnthropicErrorTypes.Timeout, "Request timed out"),
        FaultKind.Overloaded => new AnthropicError(AnthropicErrorTypes.Overloaded, "Overloaded"),
        FaultKind.Status => new AnthropicError(AnthropicErrorTypes.FromStatusCode(item.Directives.FaultStatus), "Simulated error (directive)."),
        _ => new AnthropicError(AnthropicErrorTypes.Api, "Internal server error"),
    };

    /// <summary>Writes one JSONL result line per processed or canceled item.</summary>
    public void WriteResults(Batch batch, PooledBuffer output)
    {
        var progress = Progress(batch);
        var factors = state.Options.TokenFactors;
        using var writer = new Utf8JsonWriter(output);
        for (var i = 0; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            writer.Reset(output);
            writer.WriteStartObject();
            writer.WriteString("custom_id"u8, item.CustomId);
            writer.WriteStartObject("result"u8);
            if (i >= progress.Processed)
            {
                writer.WriteString("type"u8, "canceled"u8);
            }
            else if (IsErrored(item))
            {
                writer.WriteString("type"u8, "errored"u8);
                writer.WritePropertyName("error"u8);
                ErrorOf(item).WriteEventData(writer);
            }
            else
            {
                var info = item.Info!;
                var input = info.Text.EstimateTokens(factors.Prose, factors.Cjk, factors.Code);
                using var plan = ReplyPlan.Create(state, info, item.ContentHash, item.Directives, input, item.EchoSource);
                writer.WriteString("type"u8, "succeeded"u8);
                writer.WritePropertyName("message"u8);
                ReplyJson.WriteMessage(writer, plan, complete: true);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
            output.Write("\n"u8);
        }
    }

    private int ProcessedAt(Batch batch, DateTimeOffset now)
    {
        var perItem = state.Options.BatchRequestDuration;
        if (perItem <= TimeSpan.Zero)
        {
            return batch.Items.Count;
        }

        var elapsed = now - batch.CreatedAt;
        return (int)Math.Min(batch.Items.Count, Math.Max(0, elapsed.Ticks / perItem.Ticks));
    }

    private DateTimeOffset EndOfProcessing(Batch batch) =>
        batch.CreatedAt + (state.Options.BatchRequestDuration * batch.Items.Count);
}
