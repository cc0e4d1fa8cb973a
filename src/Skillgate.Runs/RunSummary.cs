namespace Skillgate.Runs;

/// <summary>A run's outcome (this process and earlier ones, from the store).</summary>
/// <param name="RunId">The run id (for <c>--resume</c>).</param>
/// <param name="Total">Items in the run.</param>
/// <param name="Done">Items answered.</param>
/// <param name="Failed">Items that failed.</param>
/// <param name="Pending">Items left (a stopped run).</param>
/// <param name="InputTokens">Input tokens of all answers.</param>
/// <param name="OutputTokens">Output tokens of all answers.</param>
/// <param name="Cost">Cost in US dollars, batch discount applied.</param>
/// <param name="BatchItems">Items answered by a Message Batch.</param>
/// <param name="BatchSaving">What the batch discount saved, in US dollars.</param>
/// <param name="Elapsed">Time this process worked on the run.</param>
/// <param name="Stopped">True when the run was stopped before every item finished.</param>
/// <param name="OutputPath">The JSONL output.</param>
public sealed record RunSummary(string RunId, int Total, int Done, int Failed, int Pending, long InputTokens, long OutputTokens, decimal Cost, int BatchItems, decimal BatchSaving, TimeSpan Elapsed, bool Stopped, string OutputPath);
