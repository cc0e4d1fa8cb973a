using Skillgate.Tokens;

namespace Skillgate.Documents;

/// <summary>
/// What every <see cref="IDocumentStore"/> does before it writes: the key a document is stored under, its conversion
/// to text, and whether its original bytes are kept. Store implementations (SQLite here, Redis in Skillgate.Redis)
/// call these so that a document converts the same wherever it is stored.
/// </summary>
public static class DocumentConversion
{
    /// <summary>The key a document is stored under: the SHA-256 of its bytes, lowercase hex.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <returns>The hash.</returns>
    public static string HashOf(ReadOnlySpan<byte> content) => DocumentConverter.HashOf(content);

    /// <summary>Converts a file for a store: its text (tables as Markdown), media type and token count, under its name without folders.</summary>
    /// <param name="hash">Its <see cref="HashOf"/>.</param>
    /// <param name="content">The file's bytes (PDF, XLSX, DOCX, CSV or UTF-8 text).</param>
    /// <param name="fileName">Its file name (the extension helps to tell CSV from text).</param>
    /// <param name="estimator">Counts the text's tokens.</param>
    /// <returns>The document to store.</returns>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    public static StoredDocument Convert(string hash, ReadOnlyMemory<byte> content, string fileName, ITokenEstimator estimator)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(estimator);
        return DocumentConverter.ToStoredDocument(hash, content, fileName, estimator);
    }

    /// <summary>Whether a store keeps the original bytes of a document of this type (PDFs: small ones are sent natively).</summary>
    /// <param name="mediaType">The document's <see cref="StoredDocument.MediaType"/>.</param>
    /// <returns><see langword="true"/> for a PDF.</returns>
    public static bool KeepsContent(string mediaType) => mediaType == DocumentConverter.Pdf;
}
