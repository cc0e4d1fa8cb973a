namespace Skillgate.Runs.Datasets;

/// <summary>A dataset as read: its items and the rows that were skipped, each with its line number.</summary>
internal sealed record Dataset(IReadOnlyList<DatasetItem> Items, IReadOnlyList<string> Problems);
