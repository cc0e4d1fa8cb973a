using System.IO.Compression;
using System.Text;

namespace Skillgate.Testing;

/// <summary>Files built to hurt a converter: a DOCX bomb, a sheet with one far cell, an encrypted PDF.</summary>
public static class HostileFiles
{
    /// <summary>A DOCX of a few hundred KB whose document.xml inflates to <paramref name="megabytes"/> MB.</summary>
    public static byte[] DocxBomb(int megabytes) =>
        WithEntry(TestFiles.Docx("H", ["p"], [["a"]]), "word/document.xml", xml =>
        {
            xml.Write("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"u8);
            var chunk = new byte[1024 * 1024];
            chunk.AsSpan().Fill((byte)'a');
            for (var i = 0; i < megabytes; i++)
            {
                xml.Write(chunk);
            }

            xml.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
        });

    /// <summary>An XLSX with cells at A1 and XFD1048576: tiny, but 16,384 × 1,048,576 cells to a row reader.</summary>
    public static byte[] FarCellXlsx() =>
        WithEntry(TestFiles.Xlsx("S", [["a", 1]]), "xl/worksheets/sheet1.xml", xml => xml.Write("""
            <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>
            <row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>
            """u8));

    /// <summary>A PDF whose trailer names a Standard security handler with keys no password opens.</summary>
    public static byte[] EncryptedPdf()
    {
        var pdf = Encoding.Latin1.GetString(TestFiles.Pdf([["Secret"]]));
        var at = pdf.LastIndexOf("/Root", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(pdf[..at] + "/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + new string('a', 64) + "> /U <" + new string('b', 64)
            + "> /P -4 >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] " + pdf[at..]);
    }

    /// <summary>
    /// A hand-written one-page PDF with a valid xref: <paramref name="kind"/> "arrays" or "dicts" nests 100,000 deep in
    /// the catalog, "cyclic" makes the page tree its own kid, "count" claims a billion pages.
    /// </summary>
    public static byte[] HostilePdf(string kind)
    {
        var nest = kind switch
        {
            "arrays" => new string('[', 100_000) + new string(']', 100_000),
            "dicts" => string.Concat(Enumerable.Repeat("<</A ", 100_000)) + string.Concat(Enumerable.Repeat(">>", 100_000)),
            _ => "1",
        };
        var body = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        void Add(string text)
        {
            offsets.Add(body.Length);
            body.Append(text);
        }

        Add($"1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X {nest} >>\nendobj\n");
        Add($"2 0 obj\n<< /Type /Pages /Kids {(kind == "cyclic" ? "[2 0 R]" : "[3 0 R]")} /Count {(kind == "count" ? "999999999" : "1")} >>\nendobj\n");
        Add("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R >>\nendobj\n");
        Add("4 0 obj\n<< /Length 5 >>\nstream\nBT ET\nendstream\nendobj\n");
        var xref = body.Length;
        body.Append("xref\n0 5\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            body.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(body.ToString());
    }

    private static byte[] WithEntry(byte[] package, string entry, Action<Stream> write)
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
