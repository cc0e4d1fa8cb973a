namespace Skillgate.Upstream;

/// <summary>What the transport tells the key source about the attempt it needs a key for.</summary>
/// <param name="Upstream">The upstream's name.</param>
/// <param name="Request">
/// The call: the caller's facts for admission (<see cref="UpstreamRequest.Tenant"/>, <see cref="UpstreamRequest.Priority"/>,
/// <see cref="UpstreamRequest.Deadline"/>), the pinned key (<see cref="UpstreamRequest.KeyFingerprint"/>), whether it is
/// <see cref="UpstreamRequest.Metered"/>, and what to reserve (model, estimated input, <c>max_tokens</c>).
/// </param>
/// <param name="Attempt">Zero for the first attempt, then 1, 2, ...</param>
public readonly record struct UpstreamKeyRequest(string Upstream, UpstreamRequest Request, int Attempt)
{
    /// <summary>The model, if known.</summary>
    public string? Model => Request.Model;

    /// <summary>Estimated input tokens.</summary>
    public int EstimatedInputTokens => Request.EstimatedInputTokens;

    /// <summary>The request's <c>max_tokens</c>.</summary>
    public int MaxTokens => Request.MaxTokens;

    /// <summary>Only the key with this fingerprint may serve the attempt; null for any.</summary>
    public string? KeyFingerprint => Request.KeyFingerprint;

    /// <summary>Whether the attempt counts against the key's Messages limits.</summary>
    public bool Metered => Request.Metered;
}
