using System.Globalization;
using Skillgate.Core.Tests.Documents;
using Skillgate.Testing;

namespace Skillgate.Core.Tests.Context;

/// <summary>A scripted long conversation: 300 user turns, 50 planted facts (each with a key that must survive), a 50-page manual.</summary>
internal static class RetentionScript
{
    public const int Turns = 300;
    public const int PlantedFacts = 50;

    private static readonly string[] Topics =
    [
        "turbine", "gearbox", "hydraulics", "calibration", "lubrication", "wiring", "firmware", "cooling", "bearings", "sensors",
    ];

    private static readonly string[] FirstNames = ["Amelia", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ingrid", "Jonas"];
    private static readonly string[] LastNames = ["Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Ulrich", "Vargas", "Weber"];

    public static byte[] Manual()
    {
        var random = new Random(50);
        var pages = new List<IReadOnlyList<string>>();
        for (var page = 1; page <= 50; page++)
        {
            var topic = Topics[page % Topics.Length];
            var lines = new List<string> { $"Section {page}: {topic} procedures, revision {page + 10}" };
            for (var line = 0; line < 24; line++)
            {
                lines.Add($"The {topic} unit {page}-{line} " + SampleTexts.English(random, 9).Trim());
            }

            pages.Add(lines);
        }

        return TestFiles.Pdf(pages);
    }

    /// <summary>The user's message for a turn, and the key of the fact it plants (or null).</summary>
    public static (string Text, string? Key) UserTurn(int turn, Random random)
    {
        if (turn % 6 == 3 && turn / 6 < PlantedFacts)
        {
            return Fact(turn / 6);
        }

        return (turn % 3) switch
        {
            0 => ($"What does the manual say about {Topics[random.Next(Topics.Length)]} procedures?", null),
            _ => ("Let us continue. " + SampleTexts.English(random, 40 + random.Next(60)), null),
        };
    }

    public static string AssistantTurn(Random random) => "Here is what I found. " + SampleTexts.English(random, 80 + random.Next(80));

    private static (string Text, string Key) Fact(int i)
    {
        var n = 1000 + (i * 37);
        var first = FirstNames[i % 10];
        var last = LastNames[(i / 10) % 10];
        return (i % 5) switch
        {
            0 => ($"Please note: the warehouse access code is WH-{n}.", $"WH-{n}"),
            1 => ($"We decided that the launch of batch {i} moves to day {n % 28 + 1} of month {i % 12 + 1}.", $"launch of batch {i} moves to day {n % 28 + 1}"),
            2 => ($"Our new contact for region {i} is named {first} {last}.", $"{first} {last}"),
            3 => ($"The budget for project {first} is {n * 11} EUR.", (n * 11).ToString(CultureInfo.InvariantCulture) + " EUR"),
            _ => ($"Remind me to follow up on invoice #{n} with {last}.", $"invoice #{n}"),
        };
    }
}
