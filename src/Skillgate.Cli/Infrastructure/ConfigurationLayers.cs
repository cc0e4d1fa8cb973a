using Microsoft.Extensions.Configuration;

namespace Skillgate.Cli.Infrastructure;

/// <summary>
/// Puts command-line values over a configuration. A list given on the command line replaces the configured list
/// rather than merging with it by index (configuration providers cannot remove a key, so the result is a flat copy).
/// </summary>
internal static class ConfigurationLayers
{
    /// <summary>
    /// <paramref name="section"/> of <paramref name="source"/> without the keys under <paramref name="replacedLists"/>,
    /// then <paramref name="overrides"/>.
    /// </summary>
    public static IConfiguration Overlay(IConfiguration source, string section, IReadOnlyDictionary<string, string?> overrides, params string[] replacedLists)
    {
        var merged = source.GetSection(section).AsEnumerable()
            .Where(kv => kv.Value is not null && !Array.Exists(replacedLists, list => kv.Key.StartsWith(list + ":", StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in overrides)
        {
            merged[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(merged).Build();
    }

    /// <summary>The entries of a list at <paramref name="key"/>: <c>key:0</c>, <c>key:1</c>, ...</summary>
    public static IEnumerable<KeyValuePair<string, string?>> List(string key, IEnumerable<string> values) =>
        values.Select((value, i) => new KeyValuePair<string, string?>($"{key}:{i}", value));
}
