using Skillgate.Protocol;

namespace Skillgate.Scheduling;

internal sealed partial class AdmissionScheduler
{
    /// <summary>Ends a lease: reconciles the reservation, updates the key's health and the upstream's concurrency, then dispatches.</summary>
    internal void Release(KeyLease lease, LeaseOutcome outcome, TokenUsage? usage, RateLimitSnapshot? snapshot, TimeSpan? retryAfter)
    {
        var completions = RentCompletions();
        lock (_gate)
        {
            var now = Now();
            var key = lease.Key;
            var buckets = key.Buckets(lease.Model, now);
            // The probe of unknown limits reserved nothing: its answer's headers set the buckets (EndProbe, here or
            // already when the response started) and cover its usage.
            var learning = lease.LearnsLimits && buckets.Probing;
            var reserved = lease.LearnsLimits ? Demand.Zero : lease.Reserved;
            var answered = true;
            var success = false;
            var overloaded = false;
            switch (outcome)
            {
                case LeaseOutcome.Completed:
                    var tokens = usage!.Value;
                    if (!lease.LearnsLimits)
                    {
                        var delta = new Demand(0, reserved.InputTokens - tokens.RateLimitedInputTokens, reserved.OutputTokens - tokens.OutputTokens);
                        buckets.Adjust(delta, now);
                        _metrics.Reconciled(delta, lease.Model);
                    }

                    var promptTokens = tokens.InputTokens + tokens.CacheCreationInputTokens + tokens.CacheReadInputTokens;
                    if (lease.Reserved.InputTokens > 0 && promptTokens > 0)
                    {
                        _metrics.InputEstimateError((lease.Reserved.InputTokens - promptTokens) / promptTokens, lease.Model);
                    }

                    _outputs.Observe(lease.Model, tokens.OutputTokens);
                    // Until a request has finished, concurrency adds nothing to the expected wait (optimistic:
                    // a waiter that then misses its deadline is still rejected at the deadline, never later).
                    var service = Math.Max(0.001, now - lease.AdmittedAt);
                    _serviceSeconds = _serviceObserved ? _serviceSeconds + (0.1 * (service - _serviceSeconds)) : service;
                    _serviceObserved = true;
                    if (lease.IsProbe)
                    {
                        key.Health = KeyHealth.Healthy;
                        key.QuarantineSeconds = 0;
                    }

                    success = true;
                    break;
                case LeaseOutcome.RateLimited:
                    // The upstream did not take the request; its tokens come back, the request slot does not.
                    buckets.Adjust(new Demand(0, reserved.InputTokens, reserved.OutputTokens), now);
                    var cooldown = retryAfter is { } ra && ra > TimeSpan.Zero ? ra : _options.DefaultRetryAfter;
                    key.CooldownUntil = Math.Max(key.CooldownUntil, now + cooldown.TotalSeconds);
                    if (!ReportsLimits(snapshot) && buckets.Refused(now) is { } learnedRate)
                    {
                        // No headers, no configured limit: the refusal is the only evidence of the key's rate.
                        _logger.RequestRateLearned(key.Name, lease.Model, learnedRate, cooldown.TotalMilliseconds);
                    }

                    break;
                case LeaseOutcome.Overloaded:
                    buckets.Adjust(new Demand(0, reserved.InputTokens, reserved.OutputTokens), now);
                    overloaded = true;
                    // A 529 says nothing about the key's limits unless it carries them: without, the next request probes.
                    answered = ReportsLimits(snapshot);
                    break;
                case LeaseOutcome.Unauthorized:
                    buckets.Adjust(reserved, now);
                    Quarantine(key, lease.IsProbe, now);
                    answered = false;
                    break;
                case LeaseOutcome.Failed:
                    buckets.Adjust(new Demand(0, 0, reserved.OutputTokens), now);
                    answered = false;
                    break;
                default:
                    buckets.Adjust(reserved, now);
                    answered = false;
                    break;
            }

            if (learning)
            {
                var learned = buckets.EndProbe(answered, snapshot, now);
                ProbeEnded(key, lease.Model, answered, learned);
                ShedPastDeadline(lease.Model, now, completions);
            }
            else if (snapshot is not null && buckets.Correct(snapshot, now))
            {
                // Headers appeared on a key that ran without known limits: from now on they pace it.
                _metrics.LimitsProbed("learned", key, lease.Model);
                ShedPastDeadline(lease.Model, now, completions);
            }

            if (lease.IsProbe)
            {
                key.ProbeInFlight = false;
            }

            key.InFlight--;
            key.Upstream.Limiter.Release(success, overloaded, now);
            _metrics.LeaseEnded(outcome, key, lease.Model);
            if (!_disposed)
            {
                DispatchAll(now, completions);
            }
        }

        Complete(completions);
        ArmTimer();
    }

    /// <summary>The probe of unknown limits got its response headers: settle the limits now and admit the waiters.</summary>
    internal void ProbeAnswered(KeyLease lease, RateLimitSnapshot? snapshot)
    {
        var completions = RentCompletions();
        lock (_gate)
        {
            var now = Now();
            var buckets = lease.Key.Buckets(lease.Model, now);
            if (!buckets.Probing || lease.IsEnded)
            {
                return;
            }

            // Without headers the limits stay unknown: only 429s and 529s will pace the key.
            var learned = buckets.EndProbe(answered: true, snapshot, now);
            ProbeEnded(lease.Key, lease.Model, answered: true, learned);
            ShedPastDeadline(lease.Model, now, completions);
            if (!_disposed)
            {
                DispatchAll(now, completions);
            }
        }

        Complete(completions);
        ArmTimer();
    }

    /// <summary>
    /// Once a probe has settled limits, rejects at once (429 or 529 with <c>retry-after</c>) the waiters of
    /// <paramref name="model"/> queued while they were unknown whose deadline even the demand surely ahead of them
    /// cannot meet, rather than at their deadline.
    /// </summary>
    private void ShedPastDeadline(string model, double now, List<(Waiter, AdmissionResult)> completions)
    {
        foreach (var lane in _lanes.Values.Where(l => string.Equals(l.Model, model, StringComparison.Ordinal)).ToList())
        {
            var hopeless = new List<(Waiter Waiter, double Wait, RejectionKind Kind)>();
            foreach (var (waiter, before) in lane.SurelyAhead())
            {
                var (wait, kind) = EstimateWait(lane, before, 0, now);
                if (wait > waiter.Deadline - now)
                {
                    hopeless.Add((waiter, wait, kind));
                }
            }

            foreach (var (waiter, wait, kind) in hopeless)
            {
                Leave(waiter, WaiterState.Rejected);
                var result = Shed(new AdmissionPlan(lane, waiter.Demand, wait, kind), waiter.Deadline - now);
                _metrics.Admission("rejected", result.RejectionKind, waiter.Request.Priority);
                completions.Add((waiter, result));
            }
        }
    }

    // A 429's retry-after alone is not a report of the limits.
    private static bool ReportsLimits(RateLimitSnapshot? snapshot)
        => snapshot is { Requests: not null } or { InputTokens: not null } or { OutputTokens: not null };

    private void ProbeEnded(KeyState key, string model, bool answered, bool learned)
    {
        _metrics.LimitsProbed(!answered ? "retry" : learned ? "learned" : "unreported", key, model);
        if (answered && !learned && !key.ReportedUnknownLimits)
        {
            key.ReportedUnknownLimits = true;
            _logger.LimitsUnknown(key.Name, key.Upstream.Name);
        }
    }

    private void Quarantine(KeyState key, bool failedProbe, double now)
    {
        if (key.Health == KeyHealth.Quarantined && !failedProbe)
        {
            return;
        }

        key.QuarantineSeconds = failedProbe && key.QuarantineSeconds > 0
            ? Math.Min(_options.MaxQuarantineDuration.TotalSeconds, key.QuarantineSeconds * 2)
            : _options.QuarantineDuration.TotalSeconds;
        key.Health = KeyHealth.Quarantined;
        key.QuarantineUntil = now + key.QuarantineSeconds;
    }
}
