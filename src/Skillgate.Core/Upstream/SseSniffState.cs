namespace Skillgate.Upstream;

/// <summary>What the transport learned from a response so far: usage, stop reason, and an error event if one came.</summary>
internal struct SseSniffState
{
    public long InputTokens;
    public long OutputTokens;
    public long CacheCreationInputTokens;
    public long CacheReadInputTokens;
    public string? StopReason;
    public string? ErrorType;
    public string? ErrorMessage;

    public readonly UpstreamUsage Usage => new(InputTokens, OutputTokens, CacheCreationInputTokens, CacheReadInputTokens);
}
