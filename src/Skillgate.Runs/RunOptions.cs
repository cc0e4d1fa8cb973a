namespace Skillgate.Runs;

/// <summary>What a new run does. <see cref="Validate"/> reports every problem at once.</summary>
public sealed class RunOptions
{
    /// <summary>A prompt template file with <c>{{field}}</c> placeholders, or a skill folder (its SKILL.md becomes the system prompt). Required.</summary>
    public string Template { get; set; } = "";

    /// <summary>The dataset: a <c>.jsonl</c> or <c>.csv</c> file, or a folder of files (one item each, through the document converter). Required.</summary>
    public string Input { get; set; } = "";

    /// <summary>The JSONL output file, one line per item. Required.</summary>
    public string Output { get; set; } = "";

    /// <summary>The model. Default <c>claude-sonnet-4-5</c>.</summary>
    public string Model { get; set; } = "claude-sonnet-4-5";

    /// <summary><c>max_tokens</c> of every request. Default 1024.</summary>
    public int MaxTokens { get; set; } = 1024;

    /// <summary>How long the run may take from its start. Default 8 hours.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Interactive, batch, or auto (default).</summary>
    public RunMode Mode { get; set; } = RunMode.Auto;

    /// <summary>Stop before the first request when the estimate exceeds this many US dollars; null (default): no limit.</summary>
    public decimal? MaxCost { get; set; }

    /// <summary>Interactive requests in flight at once (the scheduler paces them to the keys' limits anyway). Default 16.</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>Requests per Message Batch; the API allows 100,000 (and 256 MB). Default 10,000.</summary>
    public int BatchSize { get; set; } = 10_000;

    /// <summary>First wait between polls of a batch; doubles up to <see cref="BatchPollMaxInterval"/>. Default 2 s.</summary>
    public TimeSpan BatchPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between polls of a batch. Default 60 s.</summary>
    public TimeSpan BatchPollMaxInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Every problem, each naming its option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Template))
        {
            problems.Add("Template is required (a prompt template file or a skill folder).");
        }

        if (string.IsNullOrWhiteSpace(Input))
        {
            problems.Add("Input is required (--input PATH).");
        }

        if (string.IsNullOrWhiteSpace(Output))
        {
            problems.Add("Output is required (--output FILE).");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            problems.Add("Model must not be empty.");
        }

        Check(problems, MaxTokens is > 0 and <= 128_000, $"MaxTokens must be 1..128000 (was {MaxTokens}).");
        Check(problems, Deadline > TimeSpan.Zero, $"Deadline must be positive (was {Deadline}).");
        Check(problems, MaxCost is null or >= 0, $"MaxCost must not be negative (was {MaxCost}).");
        Check(problems, Concurrency is > 0 and <= 1024, $"Concurrency must be 1..1024 (was {Concurrency}).");
        Check(problems, BatchSize is > 0 and <= 100_000, $"BatchSize must be 1..100000 (was {BatchSize}).");
        Check(problems, BatchPollInterval > TimeSpan.Zero && BatchPollMaxInterval >= BatchPollInterval, "BatchPollInterval must be positive and at most BatchPollMaxInterval.");
        return problems;
    }

    private static void Check(List<string> problems, bool ok, string message)
    {
        if (!ok)
        {
            problems.Add(message);
        }
    }
}
