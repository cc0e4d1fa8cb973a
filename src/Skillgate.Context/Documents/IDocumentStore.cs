namespace Skillgate.Documents;

/// <summary>Documents converted to text and stored once by the SHA-256 of their bytes.</summary>
public interface IDocumentStore
{
    /// <summary>Converts and stores a document; storing the same bytes again returns the stored one.</summary>
    /// <param name="content">The file's bytes (PDF, XLSX, DOCX, CSV or UTF-8 text).</param>
    /// <param name="fileName">Its file name (the extension helps to tell CSV from text).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored document.</returns>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    Task<StoredDocument> PutAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken = default);

    /// <summary>Gets a stored document by hash.</summary>
    /// <param name="hash">The SHA-256, lowercase hex.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document, or <see langword="null"/>.</returns>
    Task<StoredDocument?> GetAsync(string hash, CancellationToken cancellationToken = default);

    /// <summary>Gets the original bytes of a stored PDF (kept so small PDFs can be sent natively), if kept.</summary>
    /// <param name="hash">The SHA-256, lowercase hex.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The bytes, or <see langword="null"/> when the document is unknown or not a PDF.</returns>
    Task<byte[]?> GetContentAsync(string hash, CancellationToken cancellationToken = default);
}
