namespace Skillgate.Tokens;

/// <summary>Options of the calibrated token estimator.</summary>
public sealed class TokenEstimatorOptions
{
    /// <summary>Starting ratio (model tokens per o200k token) for Latin prose. Default 1.15.</summary>
    public double PriorLatin { get; set; } = 1.15;

    /// <summary>
    /// Starting ratio for CJK text. Default 2.5: deliberately high (o200k counts about 0.6-0.8 tokens per Han
    /// character) so that CJK is not underestimated before the first reported usage arrives.
    /// </summary>
    public double PriorCjk { get; set; } = 2.5;

    /// <summary>Starting ratio for code and JSON. Default 1.25.</summary>
    public double PriorCode { get; set; } = 1.25;

    /// <summary>
    /// Smallest weight of one observation in the moving average (0..1]. Default 0.05: a running mean over the
    /// first 20 observations of a script, then an exponentially weighted average with that memory.
    /// </summary>
    public double LearningRate { get; set; } = 0.05;

    /// <summary>
    /// Safety added to the CJK ratio, as a fraction of it, on top of <see cref="CjkDeviations"/>. Default 0.01.
    /// </summary>
    public double CjkSafetyFraction { get; set; } = 0.01;

    /// <summary>How many mean absolute deviations of the observed CJK ratio are added to it. Default 1.5.</summary>
    public double CjkDeviations { get; set; } = 1.5;

    /// <summary>Tokens counted for each message's framing (role, separators). Default 4.</summary>
    public int TokensPerMessage { get; set; } = 4;

    /// <summary>Tokens counted once per request. Default 8.</summary>
    public int TokensPerRequest { get; set; } = 8;

    /// <summary>Tokens counted for an image block whose size is unknown. Default 1600.</summary>
    public int TokensPerImage { get; set; } = 1600;

    /// <summary>Tokens of the tool-use system prompt added when a request defines tools. Default 350.</summary>
    public int ToolsOverhead { get; set; } = 350;

    /// <summary>
    /// How many texts' raw token counts are remembered (by a hash of the text), so that the history a conversation
    /// sends again on every turn is tokenized once. Default 65,536 (about 3 MB; up to twice that while an older
    /// generation is being replaced). Calibration still applies to every estimate: only raw counts are kept.
    /// 0 turns the cache off.
    /// </summary>
    public int CountCacheEntries { get; set; } = 65_536;
}
