using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Skillgate.Runs.Execution;
using Skillgate.Runs.Storage;
using Skillgate.Upstream;

namespace Skillgate.Runs;

public sealed partial class RunJob
{
    private const string BatchesPath = "/v1/messages/batches";
    private const long MaxBatchBytes = 200L * 1024 * 1024; // the API allows 256 MB; keep a margin for the envelope

    /// <summary>Submits <paramref name="items"/> in chunks, then polls every open batch of the run (earlier ones too) and merges the results.</summary>
    private async Task RunBatchesAsync(List<StoredItem> items, CancellationToken stopAdmitting, CancellationToken abort)
    {
        var index = 0;
        while (index < items.Count && !stopAdmitting.IsCancellationRequested)
        {
            var chunk = new List<StoredItem>();
            long bytes = 0;
            while (index < items.Count && chunk.Count < _spec.BatchSize && (chunk.Count == 0 || bytes + items[index].Body.Length < MaxBatchBytes))
            {
                bytes += items[index].Body.Length + 64;
                chunk.Add(items[index++]);
            }

            await SubmitAsync(chunk, abort).ConfigureAwait(false);
        }

        var open = _store.OpenBatches(_spec.Id);
        await Task.WhenAll(open.Select(b => PollAndMergeAsync(b.BatchId, b.KeyFingerprint, stopAdmitting, abort))).ConfigureAwait(false);
    }

    private async Task SubmitAsync(List<StoredItem> chunk, CancellationToken abort)
    {
        var claimed = _store.ClaimMany(_spec.Id, chunk.Select(i => i.Seq), "batch").ToHashSet();
        var bodies = chunk.Where(i => claimed.Contains(i.Seq)).ToList();
        if (bodies.Count == 0)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("requests");
            foreach (var item in bodies)
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id", CustomId(item.Seq));
                writer.WritePropertyName("params");
                writer.WriteRawValue(item.Body, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        _progress!.Sent();
        try
        {
            await using var response = await _upstream.SendRawAsync(new UpstreamRequest(HttpMethod.Post, BatchesPath, buffer.WrittenMemory), abort).ConfigureAwait(false);
            using var created = await JsonDocument.ParseAsync(response.Body, cancellationToken: abort).ConfigureAwait(false);
            var batchId = created.RootElement.GetProperty("id").GetString()!;
            _store.SetBatch(_spec.Id, bodies.Select(i => i.Seq).ToList(), batchId, response.KeyFingerprint);
            _progress.BatchedChanged(bodies.Count);
            RunLog.BatchSubmitted(_logger, _spec.Id, batchId, bodies.Count);
        }
        catch (UpstreamException)
        {
            // The batch was refused: its items go back to pending and are retried interactively when the deadline allows.
            foreach (var item in bodies)
            {
                _store.Release(_spec.Id, item.Seq);
            }
        }
    }

    private async Task PollAndMergeAsync(string batchId, string? keyFingerprint, CancellationToken stopAdmitting, CancellationToken abort)
    {
        var interval = _spec.BatchPollInterval;
        while (!stopAdmitting.IsCancellationRequested)
        {
            try
            {
                await using var response = await _upstream.SendRawAsync(
                    new UpstreamRequest(HttpMethod.Get, $"{BatchesPath}/{batchId}") { KeyFingerprint = keyFingerprint }, abort).ConfigureAwait(false);
                using var status = await JsonDocument.ParseAsync(response.Body, cancellationToken: abort).ConfigureAwait(false);
                if (status.RootElement.GetProperty("processing_status").ValueEquals("ended"))
                {
                    await MergeAsync(batchId, keyFingerprint, abort).ConfigureAwait(false);
                    return;
                }
            }
            catch (UpstreamException ex)
            {
                RunLog.PollFailed(_logger, _spec.Id, batchId, ex.ErrorType);
            }

            try
            {
                await Task.Delay(interval, _time, stopAdmitting).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, _spec.BatchPollMaxInterval.Ticks));
        }
    }

    private async Task MergeAsync(string batchId, string? keyFingerprint, CancellationToken abort)
    {
        var bySeq = _store.Items(_spec.Id, RunItemStatus.Batched).Where(i => i.BatchId == batchId).ToDictionary(i => i.Seq);
        int succeeded = 0, retried = 0, failed = 0;
        var canRetry = _time.GetUtcNow() < _spec.DeadlineAt;
        await using (var response = await _upstream.SendRawAsync(
            new UpstreamRequest(HttpMethod.Get, $"{BatchesPath}/{batchId}/results") { KeyFingerprint = keyFingerprint }, abort).ConfigureAwait(false))
        using (var reader = new StreamReader(response.Body, Encoding.UTF8))
        {
            while (await reader.ReadLineAsync(abort).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (ParseCustomId(root.GetProperty("custom_id").GetString()) is not { } seq || !bySeq.Remove(seq, out var item))
                {
                    continue;
                }

                var result = root.GetProperty("result");
                var type = result.GetProperty("type").GetString();
                _progress!.BatchedChanged(-1);
                if (type == "succeeded")
                {
                    var message = result.GetProperty("message");
                    var usage = message.GetProperty("usage");
                    var input = usage.GetProperty("input_tokens").GetInt64();
                    var output = usage.GetProperty("output_tokens").GetInt64();
                    Finish(seq, new ItemOutcome(
                        item.ItemId, true, ItemOutcome.AnswerText(message), null, null, input, output, 0, item.Attempts, "batch", _spec.Model, batchId,
                        CostOf(input, output, batch: true)));
                    succeeded++;
                }
                else if (canRetry)
                {
                    _store.Release(_spec.Id, seq);
                    retried++;
                }
                else
                {
                    var error = result.TryGetProperty("error", out var e) && e.TryGetProperty("error", out var inner) ? inner : default;
                    Finish(seq, new ItemOutcome(
                        item.ItemId, false, null, error.ValueKind == JsonValueKind.Object ? error.GetProperty("type").GetString() : type,
                        error.ValueKind == JsonValueKind.Object ? error.GetProperty("message").GetString() : $"batch result {type}",
                        0, 0, 0, item.Attempts, "batch", _spec.Model, batchId, 0));
                    failed++;
                }
            }
        }

        // Requests the results did not mention (should not happen) are retried rather than lost.
        foreach (var missing in bySeq.Keys)
        {
            _store.Release(_spec.Id, missing);
            _progress!.BatchedChanged(-1);
            retried++;
        }

        _store.CloseBatch(_spec.Id, batchId);
        RunLog.BatchMerged(_logger, _spec.Id, batchId, succeeded, retried, failed);
    }

    private static string CustomId(long seq) => "item-" + seq.ToString(CultureInfo.InvariantCulture);

    private static long? ParseCustomId(string? id) =>
        id is not null && id.StartsWith("item-", StringComparison.Ordinal) && long.TryParse(id.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seq) ? seq : null;
}
