using System.Collections.Frozen;

namespace Skillgate.Server.Dashboard;

/// <summary>The dashboard's page, script and style sheet, embedded in the assembly (no CDN, no files on disk).</summary>
internal static class DashboardAssets
{
    private const string Prefix = "Skillgate.Server.Dashboard.wwwroot.";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Files = Load();

    /// <summary>The asset named <paramref name="name"/> (e.g. <c>dashboard.js</c>), or null.</summary>
    public static (byte[] Content, string ContentType)? Find(string name) => Files.TryGetValue(name, out var file) ? file : null;

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[Prefix.Length..];
            files[name] = (copy.ToArray(), ContentType(name));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
