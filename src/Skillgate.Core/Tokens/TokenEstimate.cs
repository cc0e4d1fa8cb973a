namespace Skillgate.Tokens;

/// <summary>
/// An input-token estimate: raw o200k token counts per script, fixed tokens that are not calibrated
/// (per-message framing, images, tool definitions overhead), and the calibrated total.
/// </summary>
/// <param name="Model">The model the estimate was made for (calibration is per model).</param>
/// <param name="Latin">Raw o200k tokens of Latin-script prose.</param>
/// <param name="Cjk">Raw o200k tokens of CJK text.</param>
/// <param name="Code">Raw o200k tokens of code and JSON.</param>
/// <param name="Fixed">Tokens added as is (message framing, images, documents).</param>
/// <param name="Tokens">The calibrated estimate of the model's input tokens.</param>
public sealed record TokenEstimate(string Model, int Latin, int Cjk, int Code, int Fixed, int Tokens)
{
    /// <summary>The raw o200k tokens for one script.</summary>
    /// <param name="script">The script.</param>
    /// <returns>The raw token count.</returns>
    public int Raw(TokenScript script) => script switch
    {
        TokenScript.Latin => Latin,
        TokenScript.Cjk => Cjk,
        _ => Code,
    };

    /// <summary>Whether the raw counts come from character counts (<see cref="ITokenEstimator.EstimateStats"/>) rather than o200k.</summary>
    public bool FromCharacterCounts { get; init; }

    /// <summary>The script with the most raw tokens.</summary>
    public TokenScript DominantScript =>
        Cjk >= Latin && Cjk >= Code && Cjk > 0 ? TokenScript.Cjk : Code > Latin ? TokenScript.Code : TokenScript.Latin;
}
