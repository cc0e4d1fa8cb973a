namespace Skillgate.Scheduling;

/// <summary>How many output tokens admission reserves for a request.</summary>
public enum OutputAllowanceMode
{
    /// <summary>The request's <c>max_tokens</c>: never over-admits, as the API itself counts it at the start. The default.</summary>
    MaxTokens = 0,

    /// <summary>
    /// A typical output learned per model (capped by <c>max_tokens</c>); admits more but may exceed the
    /// OTPM limit briefly when responses run long. Differences are charged when the request ends.
    /// </summary>
    Learned = 1,
}
