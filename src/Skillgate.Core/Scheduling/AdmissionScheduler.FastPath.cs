namespace Skillgate.Scheduling;

internal sealed partial class AdmissionScheduler
{
    /// <summary>
    /// The fast path: when nobody waits in the request's lane and a key can take it now, grants the lease inline
    /// (no waiter, no completion source, no expected-wait estimate). This is exactly what queueing and dispatching
    /// would do then: the request would be the lane's only waiter, at its head, admitted by the same key selection.
    /// Anything else (a waiter ahead, no key free, a deadline already past, a full queue, a ladder that does not
    /// start with <see cref="DegradationStep.Queue"/>) takes the queue path.
    /// </summary>
    /// <returns>The lease, or null to go through the queue.</returns>
    private KeyLease? TryAdmitInline(AdmissionRequest request)
    {
        if (_disposed
            || _queued >= _options.MaxQueueLength
            || _options.DegradationLadder.Count == 0
            || _options.DegradationLadder[0] != DegradationStep.Queue)
        {
            return null;
        }

        if (request.Deadline is { } deadline && deadline < _time.GetUtcNow())
        {
            return null;
        }

        var lane = GetLane(request.Upstream, request.KeyFingerprint, request.Model);
        if (lane.Count > 0)
        {
            // Someone waits: the request queues behind them (head-of-line and fair-share order are the queue's).
            return null;
        }

        var now = Now();
        var demand = DemandOf(request.Model, request);
        var selection = _pool.Select(lane.Upstream, lane.KeyFingerprint, lane.Model, demand, now);
        if (selection.Key is null)
        {
            return null;
        }

        _metrics.Step(DegradationStep.Queue);
        return Grant(request, lane, demand, selection.Key, now, isFallback: false, now);
    }
}
