namespace Skillgate.Scheduling;

internal sealed partial class AdmissionScheduler
{
    private Waiter Enqueue(AdmissionPlan plan, AdmissionRequest request, string tenant, double now, double maxWait, List<(Waiter, AdmissionResult)> completions)
    {
        var waiter = new Waiter(request, tenant, plan.Lane, plan.Demand, now, now + Math.Max(0, maxWait), plan.Lane.Model != request.Model);
        plan.Lane.Enqueue(waiter, TenantWeight(tenant));
        _queued++;
        _metrics.QueueDepth(+1, plan.Lane.Model, request.Priority);
        if (double.IsFinite(waiter.Deadline))
        {
            _deadlines.Enqueue(waiter, waiter.Deadline);
        }

        Dispatch(plan.Lane, now, completions);
        return waiter;
    }

    /// <summary>Admits waiters of <paramref name="lane"/> in priority and fair-share order while keys can take them.</summary>
    private void Dispatch(Lane lane, double now, List<(Waiter, AdmissionResult)> completions)
    {
        while (true)
        {
            var head = lane.Peek(_options.FairShareQuantum);
            if (head is null)
            {
                lane.WakeAt = double.PositiveInfinity;
                return;
            }

            var selection = _pool.Select(lane.Upstream, lane.KeyFingerprint, lane.Model, head.Demand, now);
            if (selection.Key is null)
            {
                if (selection.Blocker == Blocker.TooLarge)
                {
                    // Upstream headers lowered a limit below what this waiter needs.
                    Leave(head, WaiterState.Rejected);
                    completions.Add((head, AdmissionResult.Rejected(RejectionKind.RequestTooLarge, _options.MinRetryAfter, "The request needs more tokens than any key's per-minute limit.")));
                    _metrics.Admission("rejected", RejectionKind.RequestTooLarge, head.Request.Priority);
                    continue;
                }

                // Blocked on concurrency or a probe: a lease ending wakes the lane (and the timer, if another key refills first).
                lane.WakeAt = now + selection.ReadyInSeconds;
                return;
            }

            lane.Served(head);
            Left(head, WaiterState.Admitted);
            var lease = Grant(head.Request, head.Lane, head.Demand, selection.Key, head.EnqueuedAt, head.IsFallback, now);
            completions.Add((head, AdmissionResult.Admitted(lease)));
        }
    }

    private void DispatchAll(double now, List<(Waiter, AdmissionResult)> completions)
    {
        foreach (var lane in _lanes.Values)
        {
            Dispatch(lane, now, completions);
        }
    }

    private KeyLease Grant(AdmissionRequest request, Lane lane, Demand demand, KeyState key, double enqueuedAt, bool isFallback, double now)
    {
        var model = lane.Model;
        var buckets = key.Buckets(model, now);
        var learnsLimits = !buckets.Answered;
        buckets.TryReserve(demand, now);
        key.Upstream.Limiter.Acquire();
        key.InFlight++;
        var isProbe = key.Health == KeyHealth.Quarantined;
        if (isProbe)
        {
            key.ProbeInFlight = true;
        }

        var wait = TimeSpan.FromSeconds(Math.Max(0, now - enqueuedAt));
        _metrics.Admitted(wait, model, request.Priority, isFallback);
        return new KeyLease(this, key, model, request.Model, demand, now, wait, isProbe) { LearnsLimits = learnsLimits };
    }

    /// <summary>Takes a waiter out of its lane (not served) and records why.</summary>
    private void Leave(Waiter waiter, WaiterState state)
    {
        waiter.Lane.Remove(waiter);
        Left(waiter, state);
    }

    private void Left(Waiter waiter, WaiterState state)
    {
        waiter.State = state;
        _queued--;
        _metrics.QueueDepth(-1, waiter.Lane.Model, waiter.Request.Priority);
    }

    /// <summary>Rejects, at their deadline, the waiters that are still queued.</summary>
    private void ExpireDeadlines(double now, List<(Waiter, AdmissionResult)> completions)
    {
        while (_deadlines.TryPeek(out var waiter, out var deadline) && deadline <= now + MinTimerDelaySeconds)
        {
            _deadlines.Dequeue();
            if (waiter.State != WaiterState.Queued)
            {
                continue;
            }

            Leave(waiter, WaiterState.Rejected);
            var (wait, kind) = EstimateWait(waiter.Lane, waiter.Demand, waiter.Lane.Count, now);
            var result = AdmissionResult.Rejected(
                kind,
                RetryAfter(wait),
                "The request could not be admitted before its deadline.");
            _metrics.Expired(TimeSpan.FromSeconds(now - waiter.EnqueuedAt), result.RejectionKind, waiter.Request.Priority);
            completions.Add((waiter, result));
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _armedFor = double.PositiveInfinity;
        }

        ProcessDue();
        ArmTimer();
    }

    /// <summary>Rejects waiters whose deadline has come and admits what the buckets can take now.</summary>
    private void ProcessDue()
    {
        var completions = RentCompletions();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = Now();
            ExpireDeadlines(now, completions);
            DispatchAll(now, completions);
        }

        Complete(completions);
    }

    /// <summary>Points the timer at the next moment something can change: a lane's refill or a deadline.</summary>
    private void ArmTimer()
    {
        lock (_gate)
        {
            // Nobody waits and the timer is off: every lane's wake-up is infinite, so there is nothing to arm.
            if (_disposed || (_queued == 0 && double.IsPositiveInfinity(_armedFor)))
            {
                return;
            }
        }

        while (true)
        {
            lock (_timerGate)
            {
                double due;
                double now;
                lock (_gate)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    now = Now();
                    var (laneDue, deadlineDue) = NextDue();
                    if (deadlineDue - now >= MinTimerDelaySeconds)
                    {
                        due = Math.Min(laneDue, deadlineDue);
                        if (due == _armedFor)
                        {
                            return;
                        }

                        _armedFor = due;
                    }
                    else
                    {
                        due = double.NaN;
                    }
                }

                if (!double.IsNaN(due))
                {
                    // Rounded up to whole ticks: a timer that fired early would only have to be armed again.
                    var delay = double.IsPositiveInfinity(due)
                        ? Timeout.InfiniteTimeSpan
                        : TimeSpan.FromTicks((long)Math.Ceiling(Math.Clamp(due - now, MinTimerDelaySeconds, 86_400) * TimeSpan.TicksPerSecond));
                    _timer.Change(delay, Timeout.InfiniteTimeSpan);
                    return;
                }
            }

            // A deadline within the timer's resolution: reject now rather than late. This removes the
            // waiter from the deadline heap, so the loop ends.
            ProcessDue();
        }
    }

    private (double LaneDue, double DeadlineDue) NextDue()
    {
        var due = double.PositiveInfinity;
        foreach (var lane in _lanes.Values)
        {
            due = Math.Min(due, lane.WakeAt);
        }

        while (_deadlines.TryPeek(out var w, out _) && w.State != WaiterState.Queued)
        {
            _deadlines.Dequeue();
        }

        return (due, _deadlines.TryPeek(out _, out var first) ? first : double.PositiveInfinity);
    }

    private void RegisterCancellation(Waiter waiter, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        var registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var (self, w) = ((AdmissionScheduler, Waiter))state!;
                self.OnCancelled(w, token);
            },
            (this, waiter));
        lock (_gate)
        {
            if (waiter.State == WaiterState.Queued)
            {
                waiter.Registration = registration;
                return;
            }
        }

        registration.Dispose();
    }

    private void OnCancelled(Waiter waiter, CancellationToken cancellationToken)
    {
        var completions = RentCompletions();
        lock (_gate)
        {
            if (waiter.State != WaiterState.Queued)
            {
                return;
            }

            Leave(waiter, WaiterState.Cancelled);
            _metrics.Admission("cancelled", RejectionKind.None, waiter.Request.Priority);
            Dispatch(waiter.Lane, Now(), completions);
        }

        waiter.Completion.TrySetCanceled(cancellationToken);
        Complete(completions);
        ArmTimer();
    }

    /// <summary>A cleared list for the waiters to complete outside the lock; <see cref="Complete"/> gives it back.</summary>
    private static List<(Waiter, AdmissionResult)> RentCompletions()
    {
        var list = t_completions ?? [];
        t_completions = null;
        return list;
    }

    private static void Complete(List<(Waiter Waiter, AdmissionResult Result)> completions)
    {
        foreach (var (waiter, result) in completions)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(result);
        }

        // Continuations run asynchronously, so nothing above re-entered with this list; a long one is not kept.
        completions.Clear();
        if (completions.Capacity <= 256)
        {
            t_completions = completions;
        }
    }
}
