using Skillgate.Server.Errors;

namespace Skillgate.Server.Conversations;

/// <summary>The document types a conversation accepts, recognised by file extension or media type.</summary>
internal static class DocumentTypes
{
    public const string Supported =
        "PDF (.pdf, application/pdf), XLSX (.xlsx), DOCX (.docx), CSV/TSV (.csv, .tsv, text/csv) and UTF-8 text (.txt, .md, .json, .xml, .html, .log, text/*)";

    public const int MaxNameLength = 200;

    private static readonly Dictionary<string, string> ByMediaType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = ".pdf",
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = ".xlsx",
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = ".docx",
        ["text/csv"] = ".csv",
        ["text/tab-separated-values"] = ".tsv",
        ["text/plain"] = ".txt",
        ["text/markdown"] = ".md",
        ["text/html"] = ".html",
        ["text/xml"] = ".xml",
        ["application/json"] = ".json",
        ["application/xml"] = ".xml",
    };

    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pdf", ".xlsx", ".xlsm", ".docx", ".csv", ".tsv", ".txt", ".text", ".md", ".markdown", ".json", ".jsonl", ".xml", ".html", ".htm", ".log", ".yaml", ".yml",
    };

    /// <summary>
    /// The file name to convert the document under: the given name when its extension is supported, else a name with
    /// the extension of a supported media type.
    /// </summary>
    /// <exception cref="GatewayException">400 naming the supported types.</exception>
    public static string Resolve(string? fileName, string? contentType)
    {
        var name = SafeName(fileName);
        var extension = Path.GetExtension(name);
        if (extension.Length > 0 && Extensions.Contains(extension))
        {
            return name;
        }

        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim();
        if (ByMediaType.TryGetValue(mediaType, out var mapped)
            || (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && (mapped = ".txt") is not null))
        {
            return (name.Length > 0 ? name : "document") + mapped;
        }

        var what = name.Length > 0 ? $"'{name}'" : "the upload";
        var type = mediaType.Length > 0 ? $" ({mediaType})" : " (no Content-Type and no file name)";
        throw GatewayException.InvalidRequest($"Unsupported document type for {what}{type}. Supported: {Supported}.");
    }

    /// <summary>
    /// The last segment of a caller's file name (either separator: <c>..\..\x.txt</c> is <c>x.txt</c> on every OS),
    /// without control characters, at most <see cref="MaxNameLength"/> characters with its extension kept. The name
    /// is shown in every view that pins the document and in the conversation's JSON.
    /// </summary>
    public static string SafeName(string? fileName)
    {
        var raw = fileName ?? string.Empty;
        var name = raw[(raw.LastIndexOfAny(['/', '\\']) + 1)..];
        name = string.Concat(name.Where(c => !char.IsControl(c) && c is not ('\u2028' or '\u2029'))).Trim();
        if (name.Trim('.').Length == 0)
        {
            return string.Empty;
        }

        if (name.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length <= 16 ? extension : string.Empty;
            name = name[..(MaxNameLength - extension.Length)] + extension;
        }

        return name;
    }
}
