namespace Skillgate.Tokens;

/// <summary>Raw o200k token counts of one text, per script (before any calibration).</summary>
/// <param name="Latin">Tokens of Latin-script prose.</param>
/// <param name="Cjk">Tokens of CJK text.</param>
/// <param name="Code">Tokens of code and JSON.</param>
internal readonly record struct RawTokenCounts(int Latin, int Cjk, int Code);
