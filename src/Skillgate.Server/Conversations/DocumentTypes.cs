using Skillgate.Server.Errors;

namespace Skillgate.Server.Conversations;

/// <summary>The document types a conversation accepts, recognised by file extension or media type.</summary>
internal static class DocumentTypes
{
    public const string Supported =
        "PDF (.pdf, application/pdf), XLSX (.xlsx), DOCX (.docx), CSV/TSV (.csv, .tsv, text/csv) and UTF-8 text (.txt, .md, .json, .xml, .html, .log, text/*)";

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
        var name = Path.GetFileName(fileName ?? string.Empty);
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
}
