using System.Diagnostics;
using System.Text;
using Skillgate.Documents;
using Skillgate.Testing;

namespace Skillgate.Core.Tests.Documents;

/// <summary>Hostile and broken files: every one is a <see cref="DocumentFormatException"/> naming the type, quickly, never another exception.</summary>
public sealed class DocumentLimitsTests
{
    [Fact]
    public void Convert_DocxBomb_RefusedBeforeParsing()
    {
        // ~300 KB on the wire, 300 MB of XML once inflated.
        var bomb = HostileFiles.DocxBomb(300);
        Assert.InRange(bomb.Length, 1, 1024 * 1024);
        var watch = Stopwatch.StartNew();

        var error = Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(bomb, "bomb.docx"));

        Assert.Contains("too large to convert as DOCX", error.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Convert_XlsxWithOneFarCell_RefusedByCellCount()
    {
        var sparse = HostileFiles.FarCellXlsx();
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
        var error = Assert.Throws<DocumentFormatException>(() => DocumentConverter.Convert(HostileFiles.EncryptedPdf(), "locked.pdf"));

        Assert.StartsWith("'locked.pdf' is not a readable PDF document", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arrays")]
    [InlineData("dicts")]
    [InlineData("cyclic")]
    [InlineData("count")]
    public void Convert_HostilePdfStructure_FormatExceptionOrTextQuickly(string kind)
    {
        // Deep nesting must not overflow the stack (that would end the process, not the request).
        var watch = Stopwatch.StartNew();
        try
        {
            DocumentConverter.Convert(HostileFiles.HostilePdf(kind), kind + ".pdf");
        }
        catch (DocumentFormatException e)
        {
            Assert.StartsWith($"'{kind}.pdf' is not a readable PDF document", e.Message, StringComparison.Ordinal);
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
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
}
