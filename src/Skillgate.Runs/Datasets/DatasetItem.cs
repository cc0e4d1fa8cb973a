namespace Skillgate.Runs.Datasets;

/// <summary>One item of a dataset: its id, where it came from (line, row or file) and its fields in order.</summary>
internal sealed record DatasetItem(string Id, string Source, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    public string? Get(string name)
    {
        foreach (var (key, value) in Fields)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
