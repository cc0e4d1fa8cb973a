using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Skillgate.Documents;

namespace Skillgate.Core.Tests.Documents;

/// <summary>Hostile and broken files: every one is a <see cref="DocumentFormatException"/> naming the type, quickly, never another exception.</summary>
public sealed class DocumentLimitsTests
{
    [Fact]
    public void Convert_DocxBomb_RefusedBeforeParsing()
    {
        // ~300 KB on the wire, 300 MB of XML once inflated.
        var bomb = WithEntry(TestFiles.Docx("H", ["p"], [["a"]]), "word/document.xml", w => WriteBomb(w, 300));
        Assert.InRange(bomb.Length, 1, 1024 * 1024);
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(bomb, "bomb.docx"));

        Assert.Contains("too large a DOCX document", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Convert_XlsxWithOneFarCell_RefusedByCellCount()
    {
        const string Sheet = """
            <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>
            <row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>
            """;
        var sparse = WithEntry(TestFiles.Xlsx("S", [["a", 1]]), "xl/worksheets/sheet1.xml", w => w.Write(Encoding.UTF8.GetBytes(Sheet)));
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(sparse, "sparse.xlsx"));

        Assert.Contains("cells", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Convert_LongText_RefusedOverTheTextLimit()
    {
        var text = new byte[DocumentLimits.MaxTextCharacters + 10];
        text.AsSpan().Fill((byte)'a');

        var error = Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(text, "long.txt"));

        Assert.Contains("characters of text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_EncryptedPdf_FormatExceptionNamingPdf()
    {
        var pdf = Encoding.ASCII.GetString(TestFiles.Pdf([["Secret"]]));
        var at = pdf.LastIndexOf("/Root", StringComparison.Ordinal);
        Assert.True(at > 0);
        var encrypted = pdf[..at] + "/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + new string('a', 64) + "> /U <" + new string('b', 64) + "> /P -4 >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] " + pdf[at..];

        var error = Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(Encoding.Latin1.GetBytes(encrypted), "locked.pdf"));

        Assert.StartsWith("'locked.pdf' is not a readable PDF document", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.pdf", "not a PDF")]
    [InlineData("sheet.xlsx", "not an XLSX")]
    [InlineData("letter.docx", "not a DOCX")]
    public void Convert_BinaryExtensionOnText_FormatException(string name, string expected)
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert("just some text"u8.ToArray(), name));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, int> Corruptions() => new() { { "a.pdf", 0 }, { "a.xlsx", 1 }, { "a.docx", 2 } };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Convert_TruncatedOrFlipped_OnlyFormatExceptions(string name, int kind)
    {
        var file = kind switch
        {
            0 => TestFiles.Pdf([["Hello world"], ["Page 2"]]),
            1 => TestFiles.Xlsx("S", [["a", 1], ["b", 2]]),
            _ => TestFiles.Docx("H", ["one", "two"], [["a", "b"]]),
        };
        var random = new Random(20261125 + kind);
        var variants = Enumerable.Range(1, 19).Select(i => file[..(file.Length * i / 20)]).ToList();
        for (var i = 0; i < 150; i++)
        {
            var copy = (byte[])file.Clone();
            for (var k = 0; k <= random.Next(4); k++)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            }

            variants.Add(copy);
        }

        foreach (var variant in variants)
        {
            try
            {
                DocumentConverter.Convert(variant, name);
            }
            catch (DocumentFormatException e)
            {
                Assert.DoesNotContain("   at ", e.Message, StringComparison.Ordinal);
            }
        }
    }

    private static void WriteBomb(Stream xml, int megabytes)
    {
        xml.Write("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"u8);
        var chunk = new byte[1024 * 1024];
        chunk.AsSpan().Fill((byte)'a');
        for (var i = 0; i < megabytes; i++)
        {
            xml.Write(chunk);
        }

        xml.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
    }

    internal static byte[] WithEntry(byte[] package, string entry, Action<Stream> write)
    {
        using var stream = new MemoryStream();
        stream.Write(package);
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            archive.GetEntry(entry)?.Delete();
            using var writer = archive.CreateEntry(entry, CompressionLevel.SmallestSize).Open();
            write(writer);
        }

        return stream.ToArray();
    }
}
