namespace Skillgate.Scheduling;

/// <summary>One dimension of an upstream's rate-limit headers: limit, remaining and reset time.</summary>
/// <param name="Limit">The limit (<c>anthropic-ratelimit-*-limit</c>), if sent.</param>
/// <param name="Remaining">What is left (<c>anthropic-ratelimit-*-remaining</c>), if sent.</param>
/// <param name="Reset">When the bucket is full again (<c>anthropic-ratelimit-*-reset</c>), if sent.</param>
public readonly record struct RateLimitWindow(long? Limit, long? Remaining, DateTimeOffset? Reset);
