using System.IO.Compression;

namespace Skillgate.Documents;

/// <summary>
/// Bounds on what one upload may unpack to, checked before and during conversion: a small ZIP that inflates to
/// gigabytes of XML, or a sheet with one cell at XFD1048576, must be refused instead of eating the process.
/// </summary>
internal static class DocumentLimits
{
    /// <summary>Everything in an XLSX/DOCX package, uncompressed.</summary>
    public const long MaxUnpackedBytes = 256L * 1024 * 1024;

    /// <summary>Characters of one XML part the Open XML SDK will load.</summary>
    public const long MaxPartCharacters = 64L * 1024 * 1024;

    /// <summary>Cells visited in a workbook, empty ones included (rows × the sheet's width).</summary>
    public const long MaxCells = 4_000_000;

    /// <summary>Characters of converted text.</summary>
    public const int MaxTextCharacters = 16 * 1024 * 1024;

    /// <summary>Inflates every entry of the package (bounded), so its declared sizes cannot lie.</summary>
    /// <exception cref="DocumentFormatException">The package unpacks to more than <see cref="MaxUnpackedBytes"/>.</exception>
    /// <exception cref="InvalidDataException">The ZIP is malformed.</exception>
    public static void CheckPackage(byte[] content, string fileName, string kind)
    {
        using var stream = new MemoryStream(content, writable: false);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var buffer = new byte[64 * 1024];
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            using var entryStream = entry.Open();
            int read;
            while ((read = entryStream.Read(buffer)) > 0)
            {
                total += read;
                if (total > MaxUnpackedBytes)
                {
                    throw TooLarge(fileName, kind, $"unpacks to more than {MaxUnpackedBytes >> 20} MB");
                }
            }
        }
    }

    /// <exception cref="DocumentFormatException">The text is longer than <see cref="MaxTextCharacters"/>.</exception>
    public static void CheckText(int length, string fileName, string kind)
    {
        if (length > MaxTextCharacters)
        {
            throw TooLarge(fileName, kind, $"converts to more than {MaxTextCharacters >> 20} M characters of text");
        }
    }

    public static DocumentFormatException TooLarge(string fileName, string kind, string what) =>
        new($"'{fileName}' is too large to convert as {kind}: it {what}. Split it into smaller files.");
}
