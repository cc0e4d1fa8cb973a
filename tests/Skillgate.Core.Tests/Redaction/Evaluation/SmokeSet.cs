using System.Text.Json;
using Skillgate.Redaction;

namespace Skillgate.Core.Tests.Redaction.Evaluation;

/// <summary>The 50 labeled samples of the shared smoke file (copied into the test data).</summary>
internal static class SmokeSet
{
    public static IReadOnlyList<LabeledSample> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Redaction", "Data", "pii-smoke.jsonl");
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
