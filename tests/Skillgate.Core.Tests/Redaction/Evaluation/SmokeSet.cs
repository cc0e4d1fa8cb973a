using System.Text.Json;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction.Evaluation;

/// <summary>Labeled JSONL samples of the test data: the 50 of the shared smoke file, and the project's own sets.</summary>
internal static class SmokeSet
{
    public static IReadOnlyList<LabeledSample> Load() => Load("pii-smoke.jsonl");

    /// <summary>Loads <c>Redaction/Data/<paramref name="file"/></c>: one sample per line (id, lang, text, entities).</summary>
    public static IReadOnlyList<LabeledSample> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Redaction", "Data", file);
        var samples = new List<LabeledSample>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var gold = root.GetProperty("entities").EnumerateArray()
                .Select(e => new RedactionEntity(
                    e.GetProperty("type").GetString()!,
                    e.GetProperty("start").GetInt32(),
                    e.GetProperty("end").GetInt32(),
                    e.GetProperty("text").GetString()!))
                .ToList();
            samples.Add(new LabeledSample(root.GetProperty("id").GetString()!, root.GetProperty("lang").GetString()!, root.GetProperty("text").GetString()!, gold));
        }

        return samples;
    }
}
