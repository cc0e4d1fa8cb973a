namespace Skillgate.Protocol;

/// <summary>One rate limit as reported by headers.</summary>
/// <param name="Limit">The limit per minute.</param>
/// <param name="Remaining">What is left now.</param>
/// <param name="Reset">When the bucket is full again, if reported.</param>
public readonly record struct RateLimitValue(long Limit, long Remaining, DateTimeOffset? Reset);
