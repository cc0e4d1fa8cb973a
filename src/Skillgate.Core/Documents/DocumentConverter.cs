using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ExcelDataReader;
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

    public static (string MediaType, string Text) Convert(ReadOnlyMemory<byte> content, string fileName)
    {
        var mediaType = Detect(content.Span, fileName);
        try
        {
            var text = mediaType switch
            {
                Pdf => FromPdf(content),
                Xlsx => FromXlsx(content),
                Docx => FromDocx(content),
                Csv => FromCsv(Decode(content.Span)),
                _ => Decode(content.Span),
            };
            return (mediaType, text);
        }
        catch (DocumentFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DocumentFormatException($"'{fileName}' is not a readable {mediaType} document: {e.Message}", e);
        }
    }

    public static string Detect(ReadOnlySpan<byte> content, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (content.StartsWith("%PDF"u8))
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

        return extension is ".csv" or ".tsv" ? Csv : PlainText;
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

    private static string FromPdf(ReadOnlyMemory<byte> content)
    {
        using var document = PdfDocument.Open(content.ToArray());
        var sb = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            sb.Append("## Page ").Append(page.Number).Append("\n\n").Append(ContentOrderTextExtractor.GetText(page).Trim()).Append("\n\n");
        }

        return sb.ToString();
    }

    private static string FromXlsx(ReadOnlyMemory<byte> content)
    {
        // ExcelDataReader's configuration asks for code page 1252 even for XLSX; the provider ships in the framework.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var sb = new StringBuilder();
        do
        {
            var rows = new List<IReadOnlyList<string>>();
            while (reader.Read())
            {
                var row = new string[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = System.Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }

                if (row.Any(c => c.Length > 0))
                {
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

    private static string FromDocx(ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        using var document = WordprocessingDocument.Open(stream, isEditable: false);
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
