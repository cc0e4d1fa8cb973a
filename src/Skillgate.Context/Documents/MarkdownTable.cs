using System.Text;

namespace Skillgate.Documents;

/// <summary>Writes rows as a Markdown table; the first row is the header.</summary>
internal static class MarkdownTable
{
    public static void Append(StringBuilder sb, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var width = rows.Max(r => r.Count);
        if (width == 0)
        {
            return;
        }

        AppendRow(sb, rows[0], width);
        sb.Append('|');
        for (var i = 0; i < width; i++)
        {
            sb.Append(" --- |");
        }

        sb.Append('\n');
        foreach (var row in rows.Skip(1))
        {
            AppendRow(sb, row, width);
        }
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> row, int width)
    {
        sb.Append('|');
        for (var i = 0; i < width; i++)
        {
            var cell = i < row.Count ? row[i] : string.Empty;
            sb.Append(' ').Append(cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Replace('\n', ' ')).Append(" |");
        }

        sb.Append('\n');
    }
}
