using Skillgate.Upstream;

namespace Skillgate.Scheduling;

internal sealed partial class AdmissionScheduler
{
    /// <summary>The state for <see cref="SchedulerSnapshots.TakeSnapshot"/>, copied under the lock.</summary>
    internal SchedulerSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = Now();
            var upstreams = _pool.Upstreams.Select(u => new SchedulerUpstreamSnapshot(u.Name, u.Limiter.Limit, u.Limiter.InFlight)).ToList();
            var keys = _pool.Keys.Select(k => KeySnapshot(k, now)).ToList();
            var queue = new Dictionary<(string Tenant, RequestPriority Priority), (int Count, double Oldest)>();
            foreach (var lane in _lanes.Values)
            {
                foreach (var waiter in lane.Waiters)
                {
                    var slot = (waiter.Tenant, waiter.Request.Priority);
                    var (count, oldest) = queue.GetValueOrDefault(slot);
                    queue[slot] = (count + 1, Math.Max(oldest, now - waiter.EnqueuedAt));
                }
            }

            return new SchedulerSnapshot(
                upstreams,
                keys,
                [.. queue.Select(q => new SchedulerQueueSnapshot(q.Key.Tenant, q.Key.Priority, q.Value.Count, q.Value.Oldest))
                    .OrderBy(q => q.Priority).ThenBy(q => q.Tenant, StringComparer.Ordinal)]);
        }
    }

    private static SchedulerKeySnapshot KeySnapshot(KeyState key, double now)
    {
        var until = key.SecondsUntilUsable(now);
        var state = key.Health == KeyHealth.Quarantined
            ? (key.ProbeInFlight ? "probe" : "quarantined")
            : until > 0 ? "cooldown" : "healthy";
        var buckets = key.AllBuckets.Select(b =>
        {
            var available = b.Value.Available(now);
            var capacity = b.Value.Capacity;
            return new SchedulerBucketSnapshot(
                b.Key,
                Finite(available.Requests), Finite(capacity.Requests),
                Finite(available.InputTokens), Finite(capacity.InputTokens),
                Finite(available.OutputTokens), Finite(capacity.OutputTokens),
                b.Value.RequestsLearned,
                b.Value.Probing);
        }).ToList();
        return new SchedulerKeySnapshot(
            key.Name, key.Upstream.Name, key.Fingerprint, state, double.IsFinite(until) ? until : null, key.InFlight, buckets);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
