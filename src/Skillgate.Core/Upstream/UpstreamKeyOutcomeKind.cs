namespace Skillgate.Upstream;

/// <summary>How an attempt on a key ended, as far as the key is concerned.</summary>
public enum UpstreamKeyOutcomeKind
{
    /// <summary>The upstream answered (usage and rate-limit headers are in the outcome).</summary>
    Success = 0,

    /// <summary>429: the key is out of headroom until <see cref="UpstreamKeyOutcome.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>401 or 403: the key is invalid or not allowed; take it out of service.</summary>
    Rejected,

    /// <summary>Any other failure (5xx, timeout, connection failure, cut stream): not the key's fault.</summary>
    Failed,

    /// <summary>529 or <c>overloaded_error</c>: the upstream as a whole is overloaded, not this key.</summary>
    Overloaded,
}
