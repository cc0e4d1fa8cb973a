using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Skillgate.Runs.Execution;
using Skillgate.Runs.Storage;
using Skillgate.Upstream;

namespace Skillgate.Runs;

public sealed partial class RunJob
{
    private RunProgress? _progress;
    private OutputFile? _output;

    /// <summary>The live counters; set once <see cref="ExecuteAsync"/> started.</summary>
    public RunProgress? Progress => _progress;

    /// <summary>
    /// Sends every item not finished yet and returns the summary. Cancelling <paramref name="stopAdmitting"/> stops
    /// sending new items (and polling batches) and lets the ones in flight finish; cancelling <paramref name="abort"/>
    /// cancels those too. Either way the run stays resumable: nothing stored is lost, nothing answered is sent again.
    /// </summary>
    public async Task<RunSummary> ExecuteAsync(CancellationToken stopAdmitting = default, CancellationToken abort = default)
    {
        var recovered = _store.RecoverInFlight(_spec.Id);
        if (recovered > 0)
        {
            RunLog.Recovered(_logger, _spec.Id, recovered);
        }

        var all = _store.Items(_spec.Id);
        _progress = new RunProgress(
            all.Count,
            all.Count(i => i.Status == RunItemStatus.Done),
            all.Count(i => i.Status == RunItemStatus.Failed),
            _time.GetUtcNow());
        _progress.BatchedChanged(all.Count(i => i.Status == RunItemStatus.Batched));
        var started = Stopwatch.GetTimestamp();
        using var output = new OutputFile(_spec.Output);
        _output = output;
        output.Rewrite(_store, _spec.Id);

        var pending = all.Where(i => i.Status == RunItemStatus.Pending).ToList();
        var toBatch = new List<StoredItem>();
        if (_spec.Mode == RunMode.Batch)
        {
            toBatch = pending;
            pending = [];
        }
        else if (_spec.Mode == RunMode.Auto && pending.Count > 1)
        {
            (pending, toBatch) = await SplitForDeadlineAsync(pending, stopAdmitting, abort).ConfigureAwait(false);
        }

        UpdateMode(toBatch.Count > 0 || _store.OpenBatches(_spec.Id).Count > 0, pending.Count > 0);
        var batches = RunBatchesAsync(toBatch, stopAdmitting, abort);
        await RunInteractiveAsync(pending, stopAdmitting, abort).ConfigureAwait(false);
        await batches.ConfigureAwait(false);

        // Items whose batch result failed, retried interactively while the deadline allows.
        var retries = _store.Items(_spec.Id, RunItemStatus.Pending);
        if (retries.Count > 0 && !stopAdmitting.IsCancellationRequested && _time.GetUtcNow() < _spec.DeadlineAt)
        {
            UpdateMode(batch: false, interactive: true);
            await RunInteractiveAsync(retries, stopAdmitting, abort).ConfigureAwait(false);
        }

        output.Rewrite(_store, _spec.Id);
        _output = null;
        return Summarize(Stopwatch.GetElapsedTime(started));
    }

    private void UpdateMode(bool batch, bool interactive) =>
        _progress!.SetMode(batch && interactive ? "interactive+batch" : batch ? "batch" : "interactive");

    private async Task RunInteractiveAsync(List<StoredItem> items, CancellationToken stopAdmitting, CancellationToken abort)
    {
        using var slots = new SemaphoreSlim(_spec.Concurrency);
        var running = new List<Task>();
        foreach (var item in items)
        {
            try
            {
                await slots.WaitAsync(stopAdmitting).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (stopAdmitting.IsCancellationRequested || abort.IsCancellationRequested)
            {
                slots.Release();
                break;
            }

            var attempt = _store.Claim(_spec.Id, item.Seq, "interactive");
            if (attempt == 0)
            {
                slots.Release();
                continue;
            }

            running.Add(SendOneAsync(item, attempt, slots, abort));
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task<ItemOutcome?> SendOneAsync(StoredItem item, int attempt, SemaphoreSlim? slots, CancellationToken abort)
    {
        _progress!.InFlightChanged(1);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var request = new UpstreamRequest(item.Body, stream: false)
            {
                Model = _spec.Model,
                MaxTokens = _spec.MaxTokens,
                EstimatedInputTokens = item.Body.Length / 4,
                Priority = RequestPriority.Batch,
                Tenant = "run:" + _spec.Id,
                Deadline = _spec.DeadlineAt,
            };
            _progress.Sent();
            var response = await _upstream.SendAsync(request, abort).ConfigureAwait(false);
            using var message = JsonDocument.Parse(response.Body);
            var outcome = new ItemOutcome(
                item.ItemId, true, ItemOutcome.AnswerText(message.RootElement), null, null,
                response.Usage.InputTokens, response.Usage.OutputTokens, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                attempt, "interactive", _spec.Model, null, CostOf(response.Usage.InputTokens, response.Usage.OutputTokens, batch: false));
            Finish(item.Seq, outcome);
            LastResponseHeaders = response.Headers;
            return outcome;
        }
        catch (UpstreamException ex)
        {
            var outcome = new ItemOutcome(
                item.ItemId, false, null, ex.ErrorType, ex.Message, 0, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                attempt, "interactive", _spec.Model, null, 0);
            Finish(item.Seq, outcome);
            return outcome;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Left in flight: a resume sends it again, once.
            return null;
        }
        finally
        {
            _progress.InFlightChanged(-1);
            slots?.Release();
        }
    }

    private IReadOnlyList<KeyValuePair<string, string>>? LastResponseHeaders { get; set; }

    private void Finish(long seq, ItemOutcome outcome)
    {
        var line = outcome.ToJsonLine();
        if (_store.Complete(_spec.Id, seq, outcome.Succeeded ? RunItemStatus.Done : RunItemStatus.Failed, line))
        {
            _output?.Append(line);
            _progress!.Finished(outcome.Succeeded, outcome.InputTokens, outcome.OutputTokens, outcome.Cost);
        }
    }

    /// <summary>
    /// Auto mode: sends the first item alone to learn the key's limits from its rate-limit headers, then keeps
    /// interactive only as many items as those limits (times the keys) finish by the deadline, with a 20% margin.
    /// </summary>
    private async Task<(List<StoredItem> Interactive, List<StoredItem> Batch)> SplitForDeadlineAsync(List<StoredItem> pending, CancellationToken stopAdmitting, CancellationToken abort)
    {
        var probe = pending[0];
        var attempt = _store.Claim(_spec.Id, probe.Seq, "interactive");
        var outcome = attempt == 0 || stopAdmitting.IsCancellationRequested ? null : await SendOneAsync(probe, attempt, null, abort).ConfigureAwait(false);
        var rest = pending.Skip(1).ToList();
        if (outcome is null || LastResponseHeaders is not { } headers)
        {
            return (rest, []);
        }

        double? Limit(string name) => headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(h => double.TryParse(h.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null)
            .FirstOrDefault();
        var perMinute = double.PositiveInfinity;
        if (Limit("anthropic-ratelimit-requests-limit") is { } rpm)
        {
            perMinute = Math.Min(perMinute, rpm);
        }

        if (Limit("anthropic-ratelimit-input-tokens-limit") is { } itpm && outcome.InputTokens > 0)
        {
            perMinute = Math.Min(perMinute, itpm / outcome.InputTokens);
        }

        if (Limit("anthropic-ratelimit-output-tokens-limit") is { } otpm && outcome.OutputTokens > 0)
        {
            perMinute = Math.Min(perMinute, otpm / outcome.OutputTokens);
        }

        if (double.IsPositiveInfinity(perMinute))
        {
            return (rest, []);
        }

        perMinute *= _keyCount;
        var minutesLeft = Math.Max(0, (_spec.DeadlineAt - _time.GetUtcNow()).TotalMinutes);
        var fit = (int)Math.Min(rest.Count, Math.Floor(perMinute * minutesLeft * 0.8));
        if (fit < rest.Count)
        {
            RunLog.AutoSplit(_logger, _spec.Id, fit, perMinute, rest.Count - fit);
        }

        return (rest.Take(fit).ToList(), rest.Skip(fit).ToList());
    }

    private RunSummary Summarize(TimeSpan elapsed)
    {
        var items = _store.Items(_spec.Id);
        long input = 0, output = 0;
        decimal cost = 0, saving = 0;
        var batchItems = 0;
        foreach (var item in items.Where(i => i.Result is not null))
        {
            using var line = JsonDocument.Parse(item.Result!);
            var root = line.RootElement;
            var usage = root.GetProperty("usage");
            var i = usage.GetProperty("input_tokens").GetInt64();
            var o = usage.GetProperty("output_tokens").GetInt64();
            input += i;
            output += o;
            var c = root.GetProperty("cost_usd").GetDecimal();
            cost += c;
            if (root.GetProperty("mode").ValueEquals("batch") && root.GetProperty("status").ValueEquals("done"))
            {
                batchItems++;
                saving += CostOf(i, o, batch: false) - c;
            }
        }

        var done = items.Count(i => i.Status == RunItemStatus.Done);
        var failed = items.Count(i => i.Status == RunItemStatus.Failed);
        var pending = items.Count - done - failed;
        return new RunSummary(_spec.Id, items.Count, done, failed, pending, input, output, cost, batchItems, saving, elapsed, pending > 0, _spec.Output);
    }

    /// <summary>Writes the self-contained HTML report of the run as stored now.</summary>
    public void WriteReport(string path)
    {
        var summary = Summarize(TimeSpan.Zero);
        File.WriteAllText(path, Reporting.HtmlReport.Render(_spec, summary, _store.Items(_spec.Id), _prices.AsOf));
    }

    /// <summary>The run's summary as stored now.</summary>
    public RunSummary GetSummary() => Summarize(TimeSpan.Zero);
}
