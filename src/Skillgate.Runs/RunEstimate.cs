namespace Skillgate.Runs;

/// <summary>The cost estimate shown before the first request.</summary>
/// <param name="Items">Items to send.</param>
/// <param name="SampledItems">Items counted with count_tokens.</param>
/// <param name="InputTokens">Estimated input tokens of all items (the sample's mean times the items).</param>
/// <param name="MaxOutputTokens">Output tokens if every answer used max_tokens (an upper bound).</param>
/// <param name="InteractiveCost">Upper-bound cost in US dollars sent interactively.</param>
/// <param name="BatchCost">Upper-bound cost in US dollars sent by batch.</param>
/// <param name="PricesAsOf">The date of the price table.</param>
/// <param name="ModelPriced">False when the price table does not know the model (costs are then 0).</param>
public sealed record RunEstimate(int Items, int SampledItems, long InputTokens, long MaxOutputTokens, decimal InteractiveCost, decimal BatchCost, string PricesAsOf, bool ModelPriced);
