namespace Skillgate.Upstream;

/// <summary>What the transport tells the key source about the attempt it needs a key for.</summary>
/// <param name="Upstream">The upstream's name.</param>
/// <param name="Model">The model, if known.</param>
/// <param name="EstimatedInputTokens">Estimated input tokens.</param>
/// <param name="MaxTokens">The request's <c>max_tokens</c>.</param>
/// <param name="Attempt">Zero for the first attempt, then 1, 2, ...</param>
public readonly record struct UpstreamKeyRequest(string Upstream, string? Model, int EstimatedInputTokens, int MaxTokens, int Attempt);
