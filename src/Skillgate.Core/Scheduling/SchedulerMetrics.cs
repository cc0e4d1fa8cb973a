using System.Diagnostics.Metrics;
using Skillgate.Telemetry;
using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>The scheduler's instruments (meter <see cref="SkillgateTelemetry.SchedulerName"/>). Key names appear as tags; secrets never do.</summary>
internal sealed class SchedulerMetrics : IDisposable
{
    public const string QueueDepthName = "skillgate.scheduler.queue.depth";
    public const string QueueWaitName = "skillgate.scheduler.queue.wait";
    public const string AdmissionsName = "skillgate.scheduler.admissions";
    public const string DegradationName = "skillgate.scheduler.degradation";
    public const string LeasesName = "skillgate.scheduler.leases";
    public const string ReconciledName = "skillgate.scheduler.tokens.reconciled";
    public const string InputEstimateErrorName = "skillgate.scheduler.input_estimate.error";
    public const string ConcurrencyLimitName = "skillgate.scheduler.concurrency.limit";
    public const string InFlightName = "skillgate.scheduler.concurrency.in_flight";
    public const string HeadroomName = "skillgate.scheduler.key.headroom";
    public const string QuarantinedName = "skillgate.scheduler.key.quarantined";
    public const string LimitProbesName = "skillgate.scheduler.key.limit_probes";

    public const string ModelTag = "gen_ai.request.model";
    public const string PriorityTag = "skillgate.scheduler.priority";
    public const string OutcomeTag = "skillgate.scheduler.outcome";
    public const string RejectionTag = "skillgate.scheduler.rejection";
    public const string StepTag = "skillgate.scheduler.step";
    public const string FallbackTag = "skillgate.scheduler.fallback";
    public const string UpstreamTag = "skillgate.upstream";
    public const string KeyTag = "skillgate.key";
    public const string DimensionTag = "skillgate.scheduler.dimension";
    public const string DirectionTag = "skillgate.scheduler.direction";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly UpDownCounter<long> _queueDepth;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _admissions;
    private readonly Counter<long> _degradation;
    private readonly Counter<long> _leases;
    private readonly Counter<long> _reconciled;
    private readonly Histogram<double> _inputEstimateError;
    private readonly Counter<long> _limitProbes;

    public SchedulerMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(SkillgateTelemetry.SchedulerName)) ?? new Meter(SkillgateTelemetry.SchedulerName);
        _queueDepth = _meter.CreateUpDownCounter<long>(QueueDepthName, "{request}", "Requests waiting for admission.");
        _queueWait = _meter.CreateHistogram<double>(QueueWaitName, "s", "Time from arrival to admission or to the deadline.");
        _admissions = _meter.CreateCounter<long>(AdmissionsName, "{request}", "Admission decisions by outcome (admitted, deferred, rejected, expired, cancelled).");
        _degradation = _meter.CreateCounter<long>(DegradationName, "{request}", "The degradation step each request ended on (queue, fallback_model, batch, shed).");
        _leases = _meter.CreateCounter<long>(LeasesName, "{lease}", "Leases ended, by key and outcome.");
        _reconciled = _meter.CreateCounter<long>(ReconciledName, "{token}", "Tokens given back (refund) or charged (charge) when a request ended.");
        _inputEstimateError = _meter.CreateHistogram<double>(InputEstimateErrorName, "1", "(reserved input - actual input) / actual input of finished requests.");
        _limitProbes = _meter.CreateCounter<long>(LimitProbesName, "{request}", "Probes of keys with unknown limits, by outcome (learned, fallback: no headers, retry: no answer).");
    }

    public void Attach(AdmissionScheduler scheduler)
    {
        _meter.CreateObservableGauge(ConcurrencyLimitName, () => Observe(scheduler, u => u.Limiter.Limit), "{request}", "Adaptive concurrency limit per upstream.");
        _meter.CreateObservableGauge(InFlightName, () => Observe(scheduler, u => u.Limiter.InFlight), "{request}", "Requests in flight per upstream.");
        _meter.CreateObservableGauge(QuarantinedName, () => ObserveKeys(scheduler), "{key}", "1 while a key is quarantined after 401/403.");
        _meter.CreateObservableGauge(HeadroomName, () => ObserveHeadroom(scheduler), "1", "Free share of each key's buckets per model and dimension.");
    }

    public void QueueDepth(int delta, string model, RequestPriority priority)
        => _queueDepth.Add(delta, new(ModelTag, model), new(PriorityTag, PriorityName(priority)));

    public void Step(DegradationStep step) => _degradation.Add(1, new KeyValuePair<string, object?>(StepTag, StepName(step)));

    public void Admission(string outcome, RejectionKind kind, RequestPriority priority)
        => _admissions.Add(1, new(OutcomeTag, outcome), new(RejectionTag, RejectionName(kind)), new(PriorityTag, PriorityName(priority)));

    public void Admitted(TimeSpan wait, string model, RequestPriority priority, bool fallback)
    {
        _admissions.Add(1, new(OutcomeTag, "admitted"), new(RejectionTag, "none"), new(PriorityTag, PriorityName(priority)));
        _queueWait.Record(wait.TotalSeconds, new(ModelTag, model), new(OutcomeTag, "admitted"), new(FallbackTag, fallback));
    }

    public void Expired(TimeSpan wait, RejectionKind kind, RequestPriority priority)
    {
        _admissions.Add(1, new(OutcomeTag, "expired"), new(RejectionTag, RejectionName(kind)), new(PriorityTag, PriorityName(priority)));
        _queueWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>(OutcomeTag, "expired"));
    }

    public void LeaseEnded(LeaseOutcome outcome, KeyState key, string model)
        => _leases.Add(1, new(OutcomeTag, OutcomeName(outcome)), new(KeyTag, key.Name), new(UpstreamTag, key.Upstream.Name), new(ModelTag, model));

    public void LimitsProbed(string outcome, KeyState key, string model)
        => _limitProbes.Add(1, new(OutcomeTag, outcome), new(KeyTag, key.Name), new(UpstreamTag, key.Upstream.Name), new(ModelTag, model));

    public void Reconciled(Demand refund, string model)
    {
        Reconciled(refund.InputTokens, "input", model);
        Reconciled(refund.OutputTokens, "output", model);
    }

    public void InputEstimateError(double relativeError, string model)
        => _inputEstimateError.Record(relativeError, new KeyValuePair<string, object?>(ModelTag, model));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void Reconciled(double tokens, string dimension, string model)
    {
        var amount = (long)Math.Round(Math.Abs(tokens));
        if (amount > 0)
        {
            _reconciled.Add(amount, new(DimensionTag, dimension), new(DirectionTag, tokens > 0 ? "refund" : "charge"), new(ModelTag, model));
        }
    }

    private static List<Measurement<int>> Observe(AdmissionScheduler scheduler, Func<UpstreamState, int> value)
    {
        lock (scheduler.Gate)
        {
            return [.. scheduler.Pool.Upstreams.Select(u => new Measurement<int>(value(u), new KeyValuePair<string, object?>(UpstreamTag, u.Name)))];
        }
    }

    private static List<Measurement<int>> ObserveKeys(AdmissionScheduler scheduler)
    {
        lock (scheduler.Gate)
        {
            return [.. scheduler.Pool.Keys.Select(k => new Measurement<int>(k.Health == KeyHealth.Quarantined ? 1 : 0, new(KeyTag, k.Name), new(UpstreamTag, k.Upstream.Name)))];
        }
    }

    private static List<Measurement<double>> ObserveHeadroom(AdmissionScheduler scheduler)
    {
        var result = new List<Measurement<double>>();
        lock (scheduler.Gate)
        {
            var now = scheduler.CurrentTime;
            foreach (var key in scheduler.Pool.Keys)
            {
                foreach (var (model, buckets) in key.AllBuckets)
                {
                    var available = buckets.Available(now);
                    var capacity = buckets.Capacity;
                    // A dimension without a known limit has no headroom to report.
                    AddHeadroom(result, available.Requests, capacity.Requests, key, model, "requests");
                    AddHeadroom(result, available.InputTokens, capacity.InputTokens, key, model, "input_tokens");
                    AddHeadroom(result, available.OutputTokens, capacity.OutputTokens, key, model, "output_tokens");
                }
            }
        }

        return result;
    }

    private static void AddHeadroom(List<Measurement<double>> result, double available, double capacity, KeyState key, string model, string dimension)
    {
        if (double.IsFinite(capacity))
        {
            result.Add(Headroom(available / capacity, key, model, dimension));
        }
    }

    private static Measurement<double> Headroom(double value, KeyState key, string model, string dimension)
        => new(value, new(KeyTag, key.Name), new(ModelTag, model), new(DimensionTag, dimension));

    private static string PriorityName(RequestPriority priority) => priority == RequestPriority.Batch ? "batch" : "interactive";

    private static string StepName(DegradationStep step) => step switch
    {
        DegradationStep.Queue => "queue",
        DegradationStep.FallbackModel => "fallback_model",
        DegradationStep.Batch => "batch",
        _ => "shed",
    };

    private static string RejectionName(RejectionKind kind) => kind switch
    {
        RejectionKind.None => "none",
        RejectionKind.RateLimited => "rate_limited",
        RejectionKind.Overloaded => "overloaded",
        RejectionKind.QueueFull => "queue_full",
        RejectionKind.RequestTooLarge => "request_too_large",
        RejectionKind.NoCapacity => "no_capacity",
        _ => "shutting_down",
    };

    private static string OutcomeName(LeaseOutcome outcome) => outcome switch
    {
        LeaseOutcome.Completed => "completed",
        LeaseOutcome.RateLimited => "rate_limited",
        LeaseOutcome.Overloaded => "overloaded",
        LeaseOutcome.Unauthorized => "unauthorized",
        LeaseOutcome.Failed => "failed",
        _ => "released",
    };
}
