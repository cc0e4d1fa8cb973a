using Skillgate.Protocol;

namespace Skillgate.Scheduling;

/// <summary>The token usage of a finished request, as reported in the response's <c>usage</c>.</summary>
/// <param name="InputTokens"><c>usage.input_tokens</c> (uncached input).</param>
/// <param name="OutputTokens"><c>usage.output_tokens</c>.</param>
/// <param name="CacheCreationInputTokens"><c>usage.cache_creation_input_tokens</c>; counts toward ITPM.</param>
/// <param name="CacheReadInputTokens"><c>usage.cache_read_input_tokens</c>; does not count toward ITPM.</param>
public readonly record struct TokenUsage(
    long InputTokens,
    long OutputTokens,
    long CacheCreationInputTokens = 0,
    long CacheReadInputTokens = 0)
{
    /// <summary>The input tokens that count toward the input-tokens-per-minute limit.</summary>
    public long RateLimitedInputTokens => InputTokens + CacheCreationInputTokens;

    /// <summary>Converts the wire <see cref="Usage"/>.</summary>
    public static TokenUsage From(Usage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new TokenUsage(usage.InputTokens, usage.OutputTokens, usage.CacheCreationInputTokens ?? 0, usage.CacheReadInputTokens ?? 0);
    }
}
