using System.Diagnostics;

namespace Skillgate.Upstream;

/// <summary>Per-call state shared by the attempts of one call.</summary>
internal sealed class CallState
{
    public CallState(UpstreamClient client, UpstreamRequest request, CallMode mode)
    {
        Client = client;
        Request = request;
        Mode = mode;
        Started = client.Timestamp();
    }

    public UpstreamClient Client { get; }

    public UpstreamRequest Request { get; }

    public CallMode Mode { get; }

    public bool Streaming => Mode == CallMode.Streaming;

    public long Started { get; }

    /// <summary>Attempts started so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The fingerprint of the key the latest attempt got, or null when it got none.</summary>
    public string? KeyFingerprint { get; set; }

    /// <summary>True when this call is the circuit breaker's probe: its outcome closes or reopens the circuit.</summary>
    public bool IsProbe { get; set; }

    /// <summary>The admission waits of the attempts, summed.</summary>
    public TimeSpan QueueWait { get; set; }

    /// <summary>The call's span, or null when nobody listens (<see cref="UpstreamTracing"/>).</summary>
    public Activity? Activity { get; set; }

    /// <summary>The running attempt's span: the parent of its admission wait and the trace context sent upstream.</summary>
    public Activity? AttemptActivity { get; set; }

    /// <summary>Why the next attempt is a retry: the previous attempt's <c>error.type</c>.</summary>
    public string? RetryReason { get; set; }
}
