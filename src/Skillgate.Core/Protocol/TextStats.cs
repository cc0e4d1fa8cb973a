namespace Skillgate.Protocol;

/// <summary>How much text of each kind a request carries, counted in characters (media in base64 bytes).
/// Used to estimate tokens without a tokenizer; the simulator scales each kind by its own factor.</summary>
/// <param name="ProseChars">Characters of natural-language text outside CJK scripts.</param>
/// <param name="CjkChars">Characters of Chinese, Japanese and Korean scripts.</param>
/// <param name="CodeChars">Characters of lines that look like code, plus tool definitions and tool inputs.</param>
/// <param name="MediaBytes">Base64 bytes of images and documents.</param>
/// <param name="Blocks">Messages plus system and tool entries, each costing a few tokens of framing.</param>
public readonly record struct TextStats(long ProseChars, long CjkChars, long CodeChars, long MediaBytes, int Blocks)
{
    /// <summary>Estimated tokens with per-kind multipliers (1.0 = the built-in heuristic:
    /// 4 prose characters, 1.25 CJK characters or 3.2 code characters per token, 750 media bytes per token).</summary>
    public int EstimateTokens(double proseFactor = 1.0, double cjkFactor = 1.0, double codeFactor = 1.0)
    {
        var tokens = (ProseChars / 4.0 * proseFactor)
            + (CjkChars * 0.8 * cjkFactor)
            + (CodeChars / 3.2 * codeFactor)
            + (MediaBytes / 750.0)
            + (Blocks * 3.0) + 1;
        return tokens >= int.MaxValue ? int.MaxValue : (int)Math.Ceiling(tokens);
    }
}
