using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ExcelDataReader;
using Skillgate.Tokens;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Skillgate.Documents;

/// <summary>Converts PDF, XLSX, DOCX, CSV and plain text to text, with tables as Markdown.</summary>
internal static class DocumentConverter
{
    public const string Pdf = "application/pdf";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Csv = "text/csv";
    public const string PlainText = "text/plain";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The key a document is stored under: SHA-256 of its bytes, lowercase hex.</summary>
    public static string HashOf(ReadOnlySpan<byte> content) => System.Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Converts a file for a store: its text, media type and token count under the name without folders.</summary>
    public static StoredDocument ToStoredDocument(string hash, ReadOnlyMemory<byte> content, string fileName, ITokenEstimator estimator)
    {
        var name = Path.GetFileName(fileName);
        var (mediaType, text) = Convert(content, name);
        return new StoredDocument(hash, name, mediaType, text, estimator.EstimateText(string.Empty, text).Tokens);
    }

    public static (string MediaType, string Text) Convert(ReadOnlyMemory<byte> content, string fileName)
    {
        var mediaType = Detect(content.Span, fileName);
        try
        {
            var text = mediaType switch
            {
                Pdf => FromPdf(content, fileName),
                Xlsx => FromXlsx(content, fileName),
                Docx => FromDocx(content, fileName),
                Csv => FromCsv(Decode(content.Span)),
                _ => Decode(content.Span),
            };
            DocumentLimits.CheckText(text.Length, fileName, KindOf(mediaType));
            return (mediaType, text);
        }
        catch (DocumentFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not (OutOfMemoryException or StackOverflowException or OperationCanceledException))
        {
            // The parser's message says what is wrong with the file; its stack stays with the inner exception.
            throw new DocumentFormatException($"'{fileName}' is not a readable {KindOf(mediaType)} document: {e.Message}", e);
        }
    }

    /// <summary>The short name of a document type for messages: PDF, XLSX, DOCX, CSV or text.</summary>
    public static string KindOf(string mediaType) => mediaType switch
    {
        Pdf => "PDF",
        Xlsx => "XLSX",
        Docx => "DOCX",
        Csv => "CSV",
        _ => "text",
    };

    public static string Detect(ReadOnlySpan<byte> content, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();

        // Readers accept a PDF header anywhere in the first 1,024 bytes; a text file may mention one, so only a .pdf gets that slack.
        if (content.StartsWith("%PDF"u8) || (extension == ".pdf" && content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0))
        {
            return Pdf;
        }

        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return extension switch
            {
                ".xlsx" or ".xlsm" => Xlsx,
                ".docx" => Docx,
                _ => content.IndexOf("xl/"u8) >= 0 ? Xlsx : content.IndexOf("word/"u8) >= 0 ? Docx
                    : throw new DocumentFormatException($"'{fileName}' is a ZIP file but neither XLSX nor DOCX."),
            };
        }

        // A file named as a binary format that is not one would otherwise be read as text under that name.
        return extension switch
        {
            ".pdf" => throw new DocumentFormatException($"'{fileName}' is not a PDF document: it has no %PDF- header."),
            ".xlsx" or ".xlsm" => throw new DocumentFormatException($"'{fileName}' is not an XLSX document: it is not a ZIP package."),
            ".docx" => throw new DocumentFormatException($"'{fileName}' is not a DOCX document: it is not a ZIP package."),
            ".csv" or ".tsv" => Csv,
            _ => PlainText,
        };
    }

    private static string Decode(ReadOnlySpan<byte> content)
    {
        try
        {
            var text = StrictUtf8.GetString(content);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException e)
        {
            throw new DocumentFormatException("The text is not valid UTF-8.", e);
        }
    }

    private static string FromPdf(ReadOnlyMemory<byte> content, string fileName)
    {
        using var document = PdfDocument.Open(content.ToArray());
        var sb = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            sb.Append("## Page ").Append(page.Number).Append("\n\n").Append(ContentOrderTextExtractor.GetText(page).Trim()).Append("\n\n");
            DocumentLimits.CheckText(sb.Length, fileName, "PDF");
        }

        return sb.ToString();
    }

    private static string FromXlsx(ReadOnlyMemory<byte> content, string fileName)
    {
        // ExcelDataReader's configuration asks for code page 1252 even for XLSX; the provider ships in the framework.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = content.ToArray();
        DocumentLimits.CheckPackage(bytes, fileName, "XLSX");
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var sb = new StringBuilder();
        long cells = 0;
        long characters = 0;
        do
        {
            var rows = new List<IReadOnlyList<string>>();
            while (reader.Read())
            {
                // Empty cells count too: one value at XFD1048576 makes every row 16,384 wide.
                cells += Math.Max(1, reader.FieldCount);
                if (cells > DocumentLimits.MaxCells)
                {
                    throw DocumentLimits.TooLarge(fileName, "XLSX", $"has more than {DocumentLimits.MaxCells:N0} cells (empty ones between used cells included)");
                }

                var row = new string[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = System.Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }

                if (row.Any(c => c.Length > 0))
                {
                    characters += row.Sum(c => c.Length + 3);
                    DocumentLimits.CheckText((int)Math.Min(characters, int.MaxValue), fileName, "XLSX");
                    rows.Add(row);
                }
            }

            sb.Append("## Sheet: ").Append(reader.Name).Append("\n\n");
            MarkdownTable.Append(sb, rows);
            sb.Append('\n');
        }
        while (reader.NextResult());

        return sb.ToString();
    }

    private static string FromDocx(ReadOnlyMemory<byte> content, string fileName)
    {
        var bytes = content.ToArray();
        DocumentLimits.CheckPackage(bytes, fileName, "DOCX");
        using var stream = new MemoryStream(bytes, writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false, new OpenSettings { MaxCharactersInPart = DocumentLimits.MaxPartCharacters });
        var body = document.MainDocumentPart?.Document?.Body ?? throw new DocumentFormatException("The DOCX has no body.");
        var sb = new StringBuilder();
        foreach (var element in body.ChildElements)
        {
            switch (element)
            {
                case Paragraph paragraph:
                    var text = paragraph.InnerText;
                    var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
                    if (style is not null && style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
                        && int.TryParse(style.AsSpan(7), out var level))
                    {
                        sb.Append(new string('#', Math.Clamp(level, 1, 6))).Append(' ');
                    }

                    sb.Append(text).Append("\n\n");
                    DocumentLimits.CheckText(sb.Length, fileName, "DOCX");
                    break;
                case Table table:
                    var rows = table.Elements<TableRow>()
                        .Select(r => (IReadOnlyList<string>)r.Elements<TableCell>().Select(c => c.InnerText).ToList())
                        .ToList();
                    MarkdownTable.Append(sb, rows);
                    sb.Append('\n');
                    break;
            }
        }

        return sb.ToString();
    }

    private static string FromCsv(string text)
    {
        var sb = new StringBuilder();
        MarkdownTable.Append(sb, CsvReader.Parse(text));
        return sb.ToString();
    }
}
