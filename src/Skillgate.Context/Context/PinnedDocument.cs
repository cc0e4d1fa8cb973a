namespace Skillgate.Context;

/// <summary>A document text placed whole in the stable prefix of every view.</summary>
/// <param name="Name">The file name shown to the model.</param>
/// <param name="Hash">The content hash the document is stored under.</param>
/// <param name="Text">The document as text (tables as Markdown).</param>
public sealed record PinnedDocument(string Name, string Hash, string Text);
