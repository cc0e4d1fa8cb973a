namespace Skillgate.Simulator.RateLimiting;

/// <summary>Which limit refused a request, and when to retry.</summary>
internal readonly record struct RateLimitFailure(string What, long Limit, TimeSpan RetryAfter);
