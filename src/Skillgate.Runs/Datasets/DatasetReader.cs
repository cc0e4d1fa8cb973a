using System.Text;
using System.Text.Json;
using Skillgate.Documents;
using Skillgate.Tokens;

namespace Skillgate.Runs.Datasets;

/// <summary>
/// Reads a dataset: JSONL (one object per line), CSV (a header row, then one item per row) or a folder (one item per
/// file, converted to text by the document converter: PDF, DOCX, XLSX, CSV, text). A malformed row is reported with
/// its line number and skipped; an unreadable or empty dataset is a <see cref="RunInputException"/>.
/// </summary>
internal static class DatasetReader
{
    public static Dataset Read(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return ReadFolder(path);
            }

            if (!File.Exists(path))
            {
                throw new RunInputException($"Input '{path}' does not exist.");
            }

            var text = File.ReadAllText(path, Encoding.UTF8);
            var dataset = Path.GetExtension(path).ToUpperInvariant() switch
            {
                ".JSONL" or ".NDJSON" => ReadJsonl(text),
                ".CSV" => ReadCsv(text),
                _ => throw new RunInputException($"Input '{path}': unknown format '{Path.GetExtension(path)}' (use .jsonl, .csv or a folder of files)."),
            };
            return dataset.Items.Count == 0
                ? throw new RunInputException($"Input '{path}' has no items{(dataset.Problems.Count > 0 ? $" ({dataset.Problems.Count} malformed row(s): {dataset.Problems[0]})" : "")}.")
                : dataset;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RunInputException($"Input '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    public static Dataset ReadJsonl(string text)
    {
        var items = new List<DatasetItem>();
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            List<KeyValuePair<string, string>> fields;
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"line {lineNumber}: not a JSON object");
                    continue;
                }

                fields = [];
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields.Add(new(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText()));
                }
            }
            catch (JsonException ex)
            {
                problems.Add($"line {lineNumber}: malformed JSON ({ex.Message.Split('.')[0]})");
                continue;
            }

            Add(items, problems, ids, fields, $"line {lineNumber}", lineNumber);
        }

        return new Dataset(items, problems);
    }

    public static Dataset ReadCsv(string text)
    {
        var items = new List<DatasetItem>();
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var rows = CsvRows.Parse(text, problems);
        if (rows.Count == 0)
        {
            return new Dataset(items, problems);
        }

        var header = rows[0].Cells;
        for (var i = 1; i < rows.Count; i++)
        {
            var (line, cells) = rows[i];
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue;
            }

            if (cells.Count != header.Count)
            {
                problems.Add($"line {line}: {cells.Count} column(s), the header has {header.Count}");
                continue;
            }

            var fields = new List<KeyValuePair<string, string>>(header.Count);
            for (var c = 0; c < header.Count; c++)
            {
                fields.Add(new(header[c], cells[c]));
            }

            Add(items, problems, ids, fields, $"line {line}", line);
        }

        return new Dataset(items, problems);
    }

    private static Dataset ReadFolder(string path)
    {
        var files = Directory.EnumerateFiles(path)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new RunInputException($"Input folder '{path}' has no files.");
        }

        var estimator = TokenEstimators.Create();
        var items = new List<DatasetItem>();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            try
            {
                var bytes = File.ReadAllBytes(file);
                var document = DocumentConversion.Convert(DocumentConversion.HashOf(bytes), bytes, name, estimator);
                items.Add(new DatasetItem(name, name, [new("file", name), new("text", document.Text)]));
            }
            catch (Exception ex) when (ex is DocumentFormatException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                problems.Add($"{name}: {ex.Message}");
            }
        }

        return items.Count == 0
            ? throw new RunInputException($"Input folder '{path}' has no readable files ({problems.FirstOrDefault()}).")
            : new Dataset(items, problems);
    }

    private static void Add(List<DatasetItem> items, List<string> problems, HashSet<string> ids, List<KeyValuePair<string, string>> fields, string source, int lineNumber)
    {
        var id = fields.FirstOrDefault(f => f.Key == "id").Value ?? lineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!ids.Add(id))
        {
            problems.Add($"{source}: duplicate id '{id}'");
            return;
        }

        items.Add(new DatasetItem(id, source, fields));
    }
}
