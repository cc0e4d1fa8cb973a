using System.Globalization;
using System.Text;

namespace Skillgate.Redaction;

/// <summary>Entities found in one request, counted by type (types only, never values). Not thread-safe.</summary>
internal sealed class EntityTally
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Total { get; private set; }

    public IEnumerable<(string Type, int Count)> Counts => _counts.Select(static c => (c.Key, c.Value));

    public void Add(string type)
    {
        _counts[type] = _counts.GetValueOrDefault(type) + 1;
        Total++;
    }

    /// <summary><c>EMAIL=2, PHONE=1</c>, ordered by type; empty when nothing was found.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (type, count) in _counts.OrderBy(static c => c.Key, StringComparer.Ordinal))
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(type).Append('=').Append(count.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}
