namespace Skillgate.Documents;

/// <summary>A document converted to text and stored once under its content hash.</summary>
/// <param name="Hash">SHA-256 of the original bytes, lowercase hex.</param>
/// <param name="Name">The file name it was first stored under.</param>
/// <param name="MediaType">Its media type, e.g. <c>application/pdf</c>.</param>
/// <param name="Text">Its text; tables as Markdown; PDF pages start with <c>## Page N</c>.</param>
/// <param name="Tokens">Estimated tokens of the text (uncalibrated o200k prior).</param>
public sealed record StoredDocument(string Hash, string Name, string MediaType, string Text, int Tokens);
