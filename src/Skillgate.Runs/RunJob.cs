using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Skillgate.Runs.Datasets;
using Skillgate.Runs.Execution;
using Skillgate.Runs.Pricing;
using Skillgate.Runs.Storage;
using Skillgate.Runs.Templates;
using Skillgate.Upstream;

namespace Skillgate.Runs;

/// <summary>
/// One run: a prompt template or skill applied to every item of a dataset, its state durable in a SQLite store.
/// <see cref="Create"/> checks everything (input, template fields, output path) before anything is sent;
/// <see cref="Resume"/> reopens a run by id; <see cref="ExecuteAsync"/> sends what is left.
/// </summary>
public sealed partial class RunJob : IDisposable
{
    private readonly RunStore _store;
    private readonly RunSpec _spec;
    private readonly IUpstreamClient _upstream;
    private readonly PriceTable _prices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _keyCount;

    private RunJob(RunStore store, RunSpec spec, IUpstreamClient upstream, RunJobContext context)
    {
        _store = store;
        _spec = spec;
        _upstream = upstream;
        _prices = context.Prices ?? PriceTable.Default;
        _time = context.TimeProvider ?? TimeProvider.System;
        _logger = context.Logger ?? NullLogger.Instance;
        _keyCount = Math.Max(1, context.KeyCount);
    }

    /// <summary>The run id, for <c>--resume</c>.</summary>
    public string Id => _spec.Id;

    /// <summary>Items in the run.</summary>
    public int ItemCount => _store.Items(_spec.Id).Count;

    /// <summary>Rows of the input that were skipped, each with its line number and why.</summary>
    public IReadOnlyList<string> Problems => _spec.Problems;

    /// <summary>The model.</summary>
    public string Model => _spec.Model;

    /// <summary>The mode asked for.</summary>
    public RunMode Mode => _spec.Mode;

    /// <summary>When the run must be finished.</summary>
    public DateTimeOffset DeadlineAt => _spec.DeadlineAt;

    /// <summary>The JSONL output file.</summary>
    public string OutputPath => _spec.Output;

    /// <summary>The template or skill name.</summary>
    public string Template => _spec.Template;

    /// <summary>
    /// Creates a run: reads and checks the input, the template and the output path (a <see cref="RunInputException"/>
    /// on any problem, before any request), renders every item's request and stores them.
    /// </summary>
    public static RunJob Create(RunOptions options, string storePath, IUpstreamClient upstream, RunJobContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(upstream);
        context ??= new RunJobContext();
        var invalid = options.Validate();
        if (invalid.Count > 0)
        {
            throw new RunInputException(string.Join(Environment.NewLine, invalid));
        }

        var template = PromptTemplate.Load(options.Template);
        var dataset = DatasetReader.Read(options.Input);
        OutputFile.CheckWritable(options.Output);
        var problems = dataset.Problems.ToList();
        var items = new List<DatasetItem>();
        foreach (var item in dataset.Items)
        {
            var missing = template.MissingFields(item).ToList();
            if (missing.Count == 0)
            {
                items.Add(item);
            }
            else
            {
                problems.Add($"{item.Source}: no field {string.Join(", ", missing.Select(m => $"'{m}'"))}");
            }
        }

        if (items.Count == 0)
        {
            var fields = string.Join(", ", dataset.Items[0].Fields.Select(f => f.Key));
            throw new RunInputException($"Template '{template.Name}' names {string.Join(", ", template.MissingFields(dataset.Items[0]).Select(m => $"'{{{{{m}}}}}'"))}, which the input does not have (its fields: {fields}).");
        }

        var time = context.TimeProvider ?? TimeProvider.System;
        var now = time.GetUtcNow();
        var spec = new RunSpec(
            "run_" + now.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)),
            template.Name,
            Path.GetFullPath(options.Input),
            Path.GetFullPath(options.Output),
            options.Model,
            options.MaxTokens,
            options.Mode,
            now,
            now + options.Deadline,
            options.Concurrency,
            options.BatchSize,
            options.BatchPollInterval,
            options.BatchPollMaxInterval,
            problems);
        var store = OpenStore(storePath);
        try
        {
            store.CreateRun(spec, items.Select(i => (i.Id, template.RenderBody(i, options.Model, options.MaxTokens))));
            return new RunJob(store, spec, upstream, context);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Reopens a run by id; throws <see cref="RunInputException"/> when the store does not have it.</summary>
    public static RunJob Resume(string runId, string storePath, IUpstreamClient upstream, RunJobContext? context = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(upstream);
        if (!File.Exists(storePath))
        {
            throw new RunInputException($"No run store at '{storePath}' (pass --store when the run was created with one).");
        }

        var store = OpenStore(storePath);
        var spec = store.GetRun(runId);
        if (spec is null)
        {
            store.Dispose();
            throw new RunInputException($"Run '{runId}' is not in '{storePath}'.");
        }

        OutputFile.CheckWritable(spec.Output);
        return new RunJob(store, spec, upstream, context ?? new RunJobContext());
    }

    /// <summary>Disposes the store connection.</summary>
    public void Dispose() => _store.Dispose();

    private static RunStore OpenStore(string path)
    {
        try
        {
            return new RunStore(path);
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"Run store '{path}' cannot be opened: {ex.Message}", ex);
        }
    }

    private decimal CostOf(long input, long output, bool batch)
    {
        var price = _prices.Find(_spec.Model);
        if (price is null)
        {
            return 0;
        }

        var cost = price.Cost(input, output);
        return batch ? cost * (1 - _prices.BatchDiscount) : cost;
    }
}
