namespace Skillgate.Documents;

/// <summary>A piece of a document's text small enough to retrieve on its own.</summary>
/// <param name="Index">Its position, from 0.</param>
/// <param name="Location">Where it is: the page or sheet it starts on, or empty.</param>
/// <param name="Text">Its text; a table chunk repeats the table's header.</param>
/// <param name="Tokens">Its estimated tokens.</param>
internal sealed record DocumentChunk(int Index, string Location, string Text, int Tokens);
