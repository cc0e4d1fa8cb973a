using System.Net.Http.Headers;

namespace Skillgate.Upstream;

/// <summary>
/// One attempt's hold on a key (and whatever reservation the key source made for it). The transport calls
/// <see cref="Report"/> once with the outcome and then disposes the lease; disposing without a report means the
/// attempt was cancelled and any reservation must be released.
/// </summary>
public interface IUpstreamKeyLease : IDisposable
{
    /// <summary>A non-secret name of the key, for logs and metrics.</summary>
    string KeyId { get; }

    /// <summary>The key. Its <see cref="UpstreamSecret.Fingerprint"/> is what the call's result reports.</summary>
    UpstreamSecret Secret { get; }

    /// <summary>How long the attempt waited for admission (the transport sums it over a call's attempts). Default zero.</summary>
    TimeSpan QueueWait => TimeSpan.Zero;

    /// <summary>
    /// The model this attempt must use instead of the request's (a key source that degrades to a fallback model
    /// sets it), or null to keep the request's. The transport then rewrites only the body's top-level
    /// <c>model</c> value; every other byte is sent as the caller wrote it.
    /// </summary>
    string? Model => null;

    /// <summary>
    /// The upstream accepted the attempt: its 2xx response headers arrived (before the body or stream is read).
    /// A key source that learns a key's limits from the <c>anthropic-ratelimit-*</c> headers reads them here rather
    /// than waiting for <see cref="Report"/> at the end of a long stream. Valid only during the call. Default: nothing.
    /// </summary>
    void Accepted(HttpResponseHeaders headers)
    {
    }

    /// <summary>Reports how the attempt went. Only the first report counts.</summary>
    void Report(UpstreamKeyOutcome outcome);
}
