namespace Skillgate.Upstream;

/// <summary>Turns configured keys into secrets: the value itself, or the named environment variable.</summary>
internal static class UpstreamKeyResolver
{
    public static IReadOnlyList<(string Id, UpstreamSecret Secret)> Resolve(UpstreamOptions options)
    {
        var keys = new List<(string, UpstreamSecret)>(options.Keys.Count);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var id = string.IsNullOrWhiteSpace(key.Id) ? $"key-{i}" : key.Id;
            var value = !string.IsNullOrWhiteSpace(key.Value)
                ? key.Value
                : key.EnvironmentVariable is { Length: > 0 } name ? Environment.GetEnvironmentVariable(name) : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidOperationException($"Upstream '{options.Name}': key '{id}' has no value (set Keys:{i}:Value or the variable named by Keys:{i}:EnvironmentVariable).");
            }

            keys.Add((id, new UpstreamSecret(value)));
        }

        return keys;
    }
}
