namespace Skillgate.Redaction.Pseudonymization;

/// <summary>
/// The placeholder format <c>⟦TYPE_1a2b3c⟧</c>: U+27E6/U+27E7 (mathematical white square brackets) around the entity
/// type and six hex digits of a keyed hash. The brackets are single UTF-16 code units that do not occur in ordinary
/// English or Chinese text, code or markup (unlike <c>&lt;...&gt;</c>, which models read as XML tags); JSON never has to
/// escape them, and where an encoder does (<c>\u27e6</c>), the JSON-mode restorer accepts that form as well.
/// </summary>
internal static class Placeholder
{
    public const char Open = '\u27E6';
    public const char Close = '\u27E7';
    public const int MaxInnerLength = 48;

    public static bool IsInnerChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The entity type of a placeholder's inner text (<c>EMAIL_1a2b3c</c> gives <c>EMAIL</c>).</summary>
    public static string TypeOf(string inner) => inner[..Math.Max(0, inner.LastIndexOf('_'))];

    public static string Create(string type, ReadOnlySpan<byte> hash)
        => string.Concat(Open.ToString(), type, "_", Convert.ToHexStringLower(hash[..3]), Close.ToString());
}
