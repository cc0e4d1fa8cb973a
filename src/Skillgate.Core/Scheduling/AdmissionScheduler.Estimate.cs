namespace Skillgate.Scheduling;

internal sealed partial class AdmissionScheduler
{
    private AdmissionPlan Plan(string model, AdmissionRequest request, string tenant, double now)
    {
        // The input estimate is reserved as given: it is already calibrated (ITokenEstimator); scaling it again here
        // would correct the same error twice.
        var demand = DemandOf(model, request);
        var lane = GetLane(request.Upstream, request.KeyFingerprint, model);
        if (!_pool.CanEverFit(request.Upstream, request.KeyFingerprint, model, demand, now))
        {
            return new AdmissionPlan(lane, demand, double.PositiveInfinity, RejectionKind.RequestTooLarge);
        }

        var (ahead, aheadCount) = lane.Ahead(request.Priority, tenant, TenantWeight(tenant), demand.Cost);
        var (wait, kind) = EstimateWait(lane, ahead + demand, aheadCount, now);
        if (_queued >= _options.MaxQueueLength)
        {
            kind = RejectionKind.QueueFull;
        }

        return new AdmissionPlan(lane, demand, wait, kind);
    }

    private Demand DemandOf(string model, AdmissionRequest request)
    {
        var output = _options.OutputAllowance == OutputAllowanceMode.MaxTokens
            ? request.MaxTokens
            : _outputs.OutputAllowance(model, request.MaxTokens);
        return new Demand(1, request.EstimatedInputTokens, output);
    }

    /// <summary>
    /// The expected wait until <paramref name="need"/> (the demand ahead plus the request's own) has
    /// refilled on the model's buckets over all usable keys, or until enough concurrency slots free
    /// up, whichever is longer; the longer one also names the kind of rejection.
    /// </summary>
    private (double Seconds, RejectionKind Kind) EstimateWait(Lane lane, Demand need, double aheadCount, double now)
    {
        var model = lane.Model;
        var available = Demand.Zero;
        var rate = Demand.Zero;
        var usable = 0;
        var unusableFor = double.PositiveInfinity;
        var unknownReadyIn = double.PositiveInfinity;
        foreach (var key in _pool.Keys)
        {
            if (!KeyPool.Serves(key, lane.Upstream, lane.KeyFingerprint))
            {
                continue;
            }

            if (key.Health == KeyHealth.Quarantined)
            {
                unusableFor = Math.Min(unusableFor, key.SecondsUntilUsable(now));
                continue;
            }

            var buckets = key.Buckets(model, now);
            if (!buckets.Answered || !buckets.LimitsKnown)
            {
                // Nothing is known to plan with: optimistic, as for concurrency below (the deadline still applies).
                unknownReadyIn = Math.Min(unknownReadyIn, Math.Max(0, key.CooldownUntil - now));
                continue;
            }

            var keyRate = buckets.RatePerSecond;
            var keyAvailable = buckets.Available(now);
            var cooldown = Math.Max(0, key.CooldownUntil - now);
            if (cooldown > 0)
            {
                // The bucket refills while the key cools down but cannot be used before; count that time as owed.
                // A dimension without a known limit stays unlimited (infinite level, no refill).
                var capacity = buckets.Capacity;
                keyAvailable = new Demand(
                    Owed(keyAvailable.Requests, keyRate.Requests, capacity.Requests, cooldown),
                    Owed(keyAvailable.InputTokens, keyRate.InputTokens, capacity.InputTokens, cooldown),
                    Owed(keyAvailable.OutputTokens, keyRate.OutputTokens, capacity.OutputTokens, cooldown));
            }

            available += keyAvailable;
            rate += keyRate;
            usable++;
        }

        if (usable == 0 && double.IsPositiveInfinity(unknownReadyIn))
        {
            return (unusableFor, RejectionKind.NoCapacity);
        }

        var rateWait = usable == 0 ? double.PositiveInfinity : Math.Max(
            Shortfall(need.Requests, available.Requests, rate.Requests),
            Math.Max(Shortfall(need.InputTokens, available.InputTokens, rate.InputTokens), Shortfall(need.OutputTokens, available.OutputTokens, rate.OutputTokens)));
        rateWait = Math.Min(rateWait, unknownReadyIn);

        double free = 0;
        double limit = 0;
        foreach (var upstream in _pool.Upstreams)
        {
            if (lane.Upstream is not null && !string.Equals(upstream.Name, lane.Upstream, StringComparison.Ordinal))
            {
                continue;
            }

            free += Math.Max(0, upstream.Limiter.PlanningLimit - upstream.Limiter.InFlight);
            limit += upstream.Limiter.PlanningLimit;
        }

        var concurrencyWait = aheadCount + 1 <= free
            ? 0
            : Math.Ceiling((aheadCount + 1 - free) / Math.Max(1, limit)) * _serviceSeconds;
        return rateWait >= concurrencyWait ? (rateWait, RejectionKind.RateLimited) : (concurrencyWait, RejectionKind.Overloaded);
    }

    private static double Owed(double available, double rate, double capacity, double cooldown)
        => double.IsPositiveInfinity(available) ? available : Math.Min(available + (rate * cooldown), capacity) - (rate * cooldown);

    private static double Shortfall(double need, double available, double ratePerSecond)
        => need <= available ? 0 : (need - available) / ratePerSecond;
}
