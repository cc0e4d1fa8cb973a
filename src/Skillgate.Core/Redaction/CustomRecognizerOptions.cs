namespace Skillgate.Redaction;

/// <summary>A recognizer added from configuration: a regular expression, an optional validator and optional context words.</summary>
public sealed class CustomRecognizerOptions
{
    /// <summary>The entity type reported for matches, e.g. <c>EMPLOYEE_ID</c>. Upper-case letters, digits and '_'. Required.</summary>
    public string Type { get; set; } = "";

    /// <summary>A .NET regular expression; the whole match is the entity. Required.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>
    /// A named built-in check applied to the match: <c>luhn</c>, <c>mod97</c> or <c>cn-resident-id</c>.
    /// Default <see langword="null"/> (no check).
    /// </summary>
    public string? Validator { get; set; }

    /// <summary>A check written in code (not bindable from configuration); the match is kept when it returns <see langword="true"/>.</summary>
    public Func<string, bool>? ValidatorFunc { get; set; }

    /// <summary>
    /// When not empty, a match is kept only if one of these words occurs (case-insensitively) within
    /// <see cref="ContextWindow"/> characters before it. Default empty.
    /// </summary>
    public IList<string> ContextWords { get; } = [];

    /// <summary>How many characters before a match are searched for <see cref="ContextWords"/>. Default 48.</summary>
    public int ContextWindow { get; set; } = 48;
}
