namespace Skillgate.Scheduling;

/// <summary>Why a request was rejected; decides the status code and Anthropic error type.</summary>
public enum RejectionKind
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>The keys' rate limits cannot take it before its deadline: 429 <c>rate_limit_error</c>.</summary>
    RateLimited = 1,

    /// <summary>The upstream is overloaded (adaptive concurrency is the bottleneck): 529 <c>overloaded_error</c>.</summary>
    Overloaded = 2,

    /// <summary>The admission queue is full: 503 <c>overloaded_error</c>.</summary>
    QueueFull = 3,

    /// <summary>The request needs more than any key's per-minute limit: 413 <c>request_too_large</c>.</summary>
    RequestTooLarge = 4,

    /// <summary>No key can serve (all quarantined, or none configured for the model): 503 <c>overloaded_error</c>.</summary>
    NoCapacity = 5,

    /// <summary>The scheduler was disposed while the request waited: 503 <c>overloaded_error</c>.</summary>
    ShuttingDown = 6,
}
