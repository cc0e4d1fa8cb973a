namespace Skillgate.Scheduling;

internal sealed partial class AdmissionScheduler
{
    /// <summary>
    /// A key for a call that the key's Messages limits do not cover (count_tokens, batches, files, models): no
    /// reservation, no queue, no concurrency slot; only a key in service (never a quarantined one) of
    /// <paramref name="upstream"/>, and only the key with <paramref name="fingerprint"/> when it is pinned.
    /// </summary>
    /// <returns>The key, or null and the rejection to answer.</returns>
    internal (KeyState? Key, AdmissionResult? Rejection) AcquireUnmetered(string? upstream, string? fingerprint)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return (null, AdmissionResult.Rejected(RejectionKind.ShuttingDown, _options.MinRetryAfter, "The scheduler is shutting down."));
            }

            if (fingerprint is not null && !_pool.Has(upstream, fingerprint))
            {
                var where = upstream is null ? "No key" : $"No key of upstream '{upstream}'";
                return (null, AdmissionResult.Rejected(RejectionKind.NoCapacity, _options.QuarantineDuration, $"{where} has the fingerprint '{fingerprint}'."));
            }

            var key = _pool.SelectUnmetered(upstream, fingerprint, Now(), out var readyIn);
            if (key is not null)
            {
                return (key, null);
            }

            var message = fingerprint is null ? "No upstream key is in service." : $"The key with fingerprint '{fingerprint}' is out of service.";
            return (null, AdmissionResult.Rejected(RejectionKind.NoCapacity, RetryAfter(readyIn), message));
        }
    }

    /// <summary>An unmetered call's key answered 401/403: it is quarantined as a Messages call's would be.</summary>
    internal void UnmeteredRejected(KeyState key)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Quarantine(key, failedProbe: false, Now());
            }
        }
    }
}
