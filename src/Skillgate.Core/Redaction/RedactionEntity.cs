namespace Skillgate.Redaction;

/// <summary>A sensitive value found in a text.</summary>
/// <param name="Type">The entity type, one of <see cref="EntityTypes"/> or a custom recognizer's type.</param>
/// <param name="Start">Offset of the first UTF-16 code unit of the value.</param>
/// <param name="End">Offset just past the value's last UTF-16 code unit (exclusive).</param>
/// <param name="Text">The value as it appears in the text.</param>
public sealed record RedactionEntity(string Type, int Start, int End, string Text)
{
    /// <summary>The length of the value in UTF-16 code units.</summary>
    public int Length => End - Start;
}
