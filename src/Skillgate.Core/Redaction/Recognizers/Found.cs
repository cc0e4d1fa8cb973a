namespace Skillgate.Redaction.Recognizers;

/// <summary>A span found by a recognizer, before its text is materialized.</summary>
internal readonly record struct Found(int Start, int End, string Type);
