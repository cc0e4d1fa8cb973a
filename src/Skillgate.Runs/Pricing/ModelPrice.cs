namespace Skillgate.Runs.Pricing;

/// <summary>One model's prices in US dollars per million tokens.</summary>
/// <param name="Input">Input tokens.</param>
/// <param name="Output">Output tokens.</param>
/// <param name="CacheWrite5m">Cache writes with the 5-minute lifetime.</param>
/// <param name="CacheWrite1h">Cache writes with the 1-hour lifetime.</param>
/// <param name="CacheRead">Cache reads.</param>
public sealed record ModelPrice(decimal Input, decimal Output, decimal CacheWrite5m, decimal CacheWrite1h, decimal CacheRead)
{
    /// <summary>The cost of one call's usage, before any batch discount (cache writes at the 5-minute price).</summary>
    public decimal Cost(long inputTokens, long outputTokens, long cacheWriteTokens = 0, long cacheReadTokens = 0) =>
        ((inputTokens * Input) + (outputTokens * Output) + (cacheWriteTokens * CacheWrite5m) + (cacheReadTokens * CacheRead)) / 1_000_000m;
}
