using Skillgate.Protocol;

namespace Skillgate.Scheduling;

/// <summary>
/// A reservation on one key's buckets for one request. Send the request with <see cref="ApiKey"/> to
/// <see cref="UpstreamName"/>, then report how it went with exactly one outcome method; later calls
/// are ignored. <see cref="Dispose"/> without an outcome means the request was never sent and gives
/// the whole reservation back.
/// </summary>
public sealed class KeyLease : IDisposable
{
    private readonly AdmissionScheduler _owner;
    private int _ended;

    internal KeyLease(AdmissionScheduler owner, KeyState key, string model, string requestedModel, Demand reserved, double admittedAt, TimeSpan queueWait, bool isProbe)
    {
        _owner = owner;
        Key = key;
        Model = model;
        RequestedModel = requestedModel;
        Reserved = reserved;
        AdmittedAt = admittedAt;
        QueueWait = queueWait;
        IsProbe = isProbe;
    }

    /// <summary>The upstream to send to.</summary>
    public string UpstreamName => Key.Upstream.Name;

    /// <summary>The key's name (for logs and metrics).</summary>
    public string KeyName => Key.Name;

    /// <summary>The secret to send as <c>x-api-key</c>. Never log it.</summary>
    public string ApiKey => Key.Secret;

    /// <summary>The key's <see cref="Skillgate.Upstream.UpstreamSecret.Fingerprint"/>: a stable name that does not reveal it.</summary>
    public string KeyFingerprint => Key.Fingerprint;

    /// <summary>The model to send: the requested one, or its fallback when <see cref="IsFallback"/>.</summary>
    public string Model { get; }

    /// <summary>The model the caller asked for.</summary>
    public string RequestedModel { get; }

    /// <summary>True when the degradation ladder moved the request to the fallback model.</summary>
    public bool IsFallback => !string.Equals(Model, RequestedModel, StringComparison.Ordinal);

    /// <summary>True when this request probes a quarantined key.</summary>
    public bool IsProbe { get; }

    /// <summary>True when this request probes a key whose limits are not known yet; its answer's headers set them.</summary>
    public bool LearnsLimits { get; internal init; }

    /// <summary>How long the request waited for admission.</summary>
    public TimeSpan QueueWait { get; }

    /// <summary>The input tokens reserved.</summary>
    public long ReservedInputTokens => (long)Math.Ceiling(Reserved.InputTokens);

    /// <summary>The output tokens reserved.</summary>
    public long ReservedOutputTokens => (long)Math.Ceiling(Reserved.OutputTokens);

    /// <summary>True once an outcome was reported or the lease was disposed.</summary>
    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    internal KeyState Key { get; }

    internal Demand Reserved { get; }

    internal double AdmittedAt { get; }

    /// <summary>The request finished: the reservation is reconciled with <paramref name="usage"/>, the buckets corrected from <paramref name="snapshot"/>.</summary>
    public void Complete(TokenUsage usage, RateLimitSnapshot? snapshot = null)
        => End(LeaseOutcome.Completed, usage, snapshot, null);

    /// <summary>The request finished with the response's <c>usage</c> (the final, cumulative counts of a stream).</summary>
    public void Complete(Usage usage, RateLimitSnapshot? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Complete(TokenUsage.From(usage), snapshot);
    }

    /// <summary>
    /// The upstream accepted the request (2xx headers, before the body): for a probe of unknown limits
    /// (<see cref="LearnsLimits"/>) the headers in <paramref name="snapshot"/> set them now, so waiting requests need
    /// not wait for a long stream to end. Not an outcome: report one later as usual. Ignored for other leases.
    /// </summary>
    public void Accepted(RateLimitSnapshot? snapshot)
    {
        if (LearnsLimits && !IsEnded)
        {
            _owner.ProbeAnswered(this, snapshot);
        }
    }

    /// <summary>The upstream answered 429: the key cools down for <paramref name="retryAfter"/> (or the configured default).</summary>
    public void RateLimited(TimeSpan? retryAfter = null, RateLimitSnapshot? snapshot = null)
        => End(LeaseOutcome.RateLimited, null, snapshot, retryAfter ?? snapshot?.RetryAfter);

    /// <summary>The upstream answered 529 overloaded: its concurrency limit shrinks.</summary>
    public void Overloaded(RateLimitSnapshot? snapshot = null)
        => End(LeaseOutcome.Overloaded, null, snapshot, null);

    /// <summary>The upstream answered 401 or 403: the key is quarantined and later probed.</summary>
    public void Unauthorized() => End(LeaseOutcome.Unauthorized, null, null, null);

    /// <summary>The request failed after it was sent (5xx, reset, timeout): the input stays charged, the output allowance is given back.</summary>
    public void Fail() => End(LeaseOutcome.Failed, null, null, null);

    /// <summary>Ends the lease; without an earlier outcome the request counts as never sent.</summary>
    public void Dispose() => End(LeaseOutcome.Released, null, null, null);

    /// <summary>Names the key and model; never the secret.</summary>
    public override string ToString() => $"lease on key {KeyName} of upstream {UpstreamName} for {Model}";

    private void End(LeaseOutcome outcome, TokenUsage? usage, RateLimitSnapshot? snapshot, TimeSpan? retryAfter)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _owner.Release(this, outcome, usage, snapshot, retryAfter);
        }
    }
}
