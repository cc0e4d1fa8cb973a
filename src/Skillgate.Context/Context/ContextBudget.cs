namespace Skillgate.Context;

/// <summary>The numbers a view is built within.</summary>
/// <param name="ContextWindow">The model's context window in tokens, e.g. 200,000.</param>
/// <param name="MaxTokens">The request's max_tokens.</param>
/// <param name="SafetyMargin">Tokens kept free for estimation error. When 0, 2% of the window (at least 256) is used.</param>
public sealed record ContextBudget(int ContextWindow, int MaxTokens, int SafetyMargin = 0)
{
    /// <summary>The input budget: window − max_tokens − margin.</summary>
    public int InputBudget => ContextWindow - MaxTokens - EffectiveMargin;

    /// <summary>The margin in effect.</summary>
    public int EffectiveMargin => SafetyMargin > 0 ? SafetyMargin : Math.Max(256, ContextWindow / 50);
}
