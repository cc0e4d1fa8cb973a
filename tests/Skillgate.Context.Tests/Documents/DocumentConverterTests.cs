using System.Text;
using Skillgate.Documents;
using Skillgate.Testing;

namespace Skillgate.Core.Tests.Documents;

public sealed class DocumentConverterTests
{
    [Fact]
    public void Convert_GeneratedPdf_TextPerPage()
    {
        var pdf = TestFiles.Pdf([["Quarterly report", "Revenue grew 12 percent."], ["Second page about shipping delays."]]);
        var (mediaType, text) = DocumentConverter.Convert(pdf, "report.pdf");
        Assert.Equal(DocumentConverter.Pdf, mediaType);
        Assert.Contains("## Page 1", text, StringComparison.Ordinal);
        Assert.Contains("Revenue grew 12 percent.", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("## Page 2", StringComparison.Ordinal) < text.IndexOf("shipping delays", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_GeneratedXlsx_SheetAsMarkdownTable()
    {
        var xlsx = TestFiles.Xlsx("Orders", [["Order", "Customer", "Amount"], ["A-1", "Novak | Sons", 125.5], ["A-2", "李华", 80]]);
        var (mediaType, text) = DocumentConverter.Convert(xlsx, "orders.xlsx");
        Assert.Equal(DocumentConverter.Xlsx, mediaType);
        Assert.Contains("## Sheet: Orders", text, StringComparison.Ordinal);
        Assert.Contains("| Order | Customer | Amount |", text, StringComparison.Ordinal);
        Assert.Contains("| --- | --- | --- |", text, StringComparison.Ordinal);
        Assert.Contains("| A-1 | Novak \\| Sons | 125.5 |", text, StringComparison.Ordinal);
        Assert.Contains("| A-2 | 李华 | 80 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_GeneratedDocx_HeadingsParagraphsAndTable()
    {
        var docx = TestFiles.Docx("Contract terms", ["The supplier delivers monthly.", "Payment within 30 days."], [["Item", "Price"], ["Widget", "4.20"]]);
        var (mediaType, text) = DocumentConverter.Convert(docx, "contract.docx");
        Assert.Equal(DocumentConverter.Docx, mediaType);
        Assert.Contains("# Contract terms", text, StringComparison.Ordinal);
        Assert.Contains("Payment within 30 days.", text, StringComparison.Ordinal);
        Assert.Contains("| Item | Price |", text, StringComparison.Ordinal);
        Assert.Contains("| Widget | 4.20 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_CsvWithQuotes_MarkdownTable()
    {
        var csv = "name,note\r\n\"Smith, John\",\"said \"\"hi\"\"\"\r\nLee,\"two\nlines\"\r\n"u8.ToArray();
        var (mediaType, text) = DocumentConverter.Convert(csv, "people.csv");
        Assert.Equal(DocumentConverter.Csv, mediaType);
        Assert.Contains("| Smith, John | said \"hi\" |", text, StringComparison.Ordinal);
        Assert.Contains("| Lee | two lines |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_Utf8TextWithBom_TextWithoutBom()
    {
        var (mediaType, text) = DocumentConverter.Convert(Encoding.UTF8.GetPreamble().Concat("héllo 你好"u8.ToArray()).ToArray(), "notes.txt");
        Assert.Equal(DocumentConverter.PlainText, mediaType);
        Assert.Equal("héllo 你好", text);
    }

    [Fact]
    public void Convert_InvalidUtf8_ThrowsDocumentFormatException() =>
        Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(new byte[] { 0x61, 0xC3, 0x28 }, "bad.txt"));

    [Fact]
    public void Convert_TruncatedPdf_ThrowsDocumentFormatException()
    {
        var pdf = TestFiles.Pdf([["Hello"]]);
        Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(pdf.AsMemory(0, 20), "cut.pdf"));
    }

    [Fact]
    public void Convert_ZipThatIsNotOffice_ThrowsDocumentFormatException() =>
        Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert("PK\u0003\u0004garbage"u8.ToArray(), "archive.zip"));
}
