using System.Diagnostics.CodeAnalysis;

namespace Skillgate.Scheduling;

/// <summary>The scheduler's answer: a lease on a key, a hand-off to the Batches API, or a rejection.</summary>
public sealed class AdmissionResult
{
    private AdmissionResult(AdmissionOutcome outcome, KeyLease? lease, RejectionKind kind, TimeSpan retryAfter, string? message)
    {
        Outcome = outcome;
        Lease = lease;
        RejectionKind = kind;
        RetryAfter = retryAfter;
        Message = message;
    }

    /// <summary>Admitted, deferred or rejected.</summary>
    public AdmissionOutcome Outcome { get; }

    /// <summary>The lease when admitted; the caller must end it (an outcome method or <c>Dispose</c>).</summary>
    public KeyLease? Lease { get; }

    /// <summary>True when a lease was granted.</summary>
    [MemberNotNullWhen(true, nameof(Lease))]
    public bool IsAdmitted => Outcome == AdmissionOutcome.Admitted;

    /// <summary>Why the request was rejected, or <see cref="RejectionKind.None"/>.</summary>
    public RejectionKind RejectionKind { get; }

    /// <summary>When to try again (the <c>retry-after</c> to send) for a rejection.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>A message for the error body; it names no key.</summary>
    public string? Message { get; }

    /// <summary>The HTTP status for a rejection (429, 529, 503 or 413); 200 otherwise.</summary>
    public int StatusCode => RejectionKind switch
    {
        RejectionKind.RateLimited => 429,
        RejectionKind.Overloaded => 529,
        RejectionKind.RequestTooLarge => 413,
        RejectionKind.QueueFull or RejectionKind.NoCapacity or RejectionKind.ShuttingDown => 503,
        _ => 200,
    };

    /// <summary>The Anthropic error type for a rejection (<c>rate_limit_error</c>, <c>overloaded_error</c>, <c>request_too_large</c>).</summary>
    public string? ErrorType => RejectionKind switch
    {
        RejectionKind.None => null,
        RejectionKind.RateLimited => "rate_limit_error",
        RejectionKind.RequestTooLarge => "request_too_large",
        _ => "overloaded_error",
    };

    /// <inheritdoc />
    public override string ToString() => Outcome switch
    {
        AdmissionOutcome.Admitted => $"admitted ({Lease})",
        AdmissionOutcome.Deferred => "deferred to the Message Batches API",
        _ => $"rejected: {RejectionKind}, retry after {RetryAfter.TotalSeconds:0.###} s",
    };

    internal static AdmissionResult Admitted(KeyLease lease) => new(AdmissionOutcome.Admitted, lease, RejectionKind.None, TimeSpan.Zero, null);

    internal static AdmissionResult Deferred() => new(AdmissionOutcome.Deferred, null, RejectionKind.None, TimeSpan.Zero, null);

    internal static AdmissionResult Rejected(RejectionKind kind, TimeSpan retryAfter, string message)
        => new(AdmissionOutcome.Rejected, null, kind, retryAfter, message);
}
