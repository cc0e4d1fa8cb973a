using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Skillgate.Upstream;

namespace Skillgate.Scheduling;

/// <summary>
/// The scheduler: one lock guards the lanes, the key pool and the buckets; waiters are completed
/// outside it. A single timer wakes the dispatcher when a bucket will have refilled enough for the
/// next waiter or a waiter reaches its deadline.
/// </summary>
internal sealed partial class AdmissionScheduler : IRequestScheduler
{
    private const string DefaultTenant = "default";

    // Below this, waiting for the timer would overshoot a deadline; the work is done inline instead.
    private const double MinTimerDelaySeconds = 0.001;

    // One completion list per thread, reused: admissions and lease ends complete their waiters outside the lock.
    [ThreadStatic]
    private static List<(Waiter, AdmissionResult)>? t_completions;

    private readonly Lock _gate = new();
    private readonly Lock _timerGate = new();
    private readonly SchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly KeyPool _pool;
    private readonly Dictionary<LaneKey, Lane> _lanes = [];
    private readonly PriorityQueue<Waiter, double> _deadlines = new();
    private readonly OutputAllowanceLearner _outputs = new();
    private readonly SchedulerMetrics _metrics;
    private readonly ITimer _timer;
    private readonly ILogger _logger;
    private double _armedFor = double.PositiveInfinity;
    private double _serviceSeconds;
    private bool _serviceObserved;
    private int _queued;
    private bool _disposed;

    public AdmissionScheduler(SchedulerOptions options, TimeProvider timeProvider, SchedulerMetrics metrics, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _options = options;
        _time = timeProvider;
        _start = timeProvider.GetTimestamp();
        _pool = new KeyPool(options);
        _metrics = metrics;
        _metrics.Attach(this);
        _timer = timeProvider.CreateTimer(static s => ((AdmissionScheduler)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int QueueLength
    {
        get
        {
            lock (_gate)
            {
                return _queued;
            }
        }
    }

    internal KeyPool Pool => _pool;

    internal Lock Gate => _gate;

    /// <summary>Seconds since the scheduler started, on its clock.</summary>
    internal double CurrentTime => Now();

    public ValueTask<AdmissionResult> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw new ArgumentException("AdmissionRequest.Model is required.", nameof(request));
        }

        if (request.MaxTokens <= 0 || request.EstimatedInputTokens < 0)
        {
            throw new ArgumentException("AdmissionRequest.MaxTokens must be positive and EstimatedInputTokens not negative.", nameof(request));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<AdmissionResult>(cancellationToken);
        }

        List<(Waiter, AdmissionResult)> completions;
        Waiter? waiter;
        AdmissionResult? immediate;
        lock (_gate)
        {
            if (TryAdmitInline(request) is { } lease)
            {
                // Nothing was queued and no timer is due to change: no waiter, no list, no timer work.
                return new ValueTask<AdmissionResult>(AdmissionResult.Admitted(lease));
            }

            completions = RentCompletions();
            (waiter, immediate) = Admit(request, completions);
        }

        Complete(completions);
        ArmTimer();
        if (immediate is not null)
        {
            return new ValueTask<AdmissionResult>(immediate);
        }

        if (!waiter!.Completion.Task.IsCompleted)
        {
            RegisterCancellation(waiter, cancellationToken);
        }

        return new ValueTask<AdmissionResult>(waiter.Completion.Task);
    }

    public void Dispose()
    {
        var completions = new List<(Waiter, AdmissionResult)>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var lane in _lanes.Values)
            {
                foreach (var w in lane.Waiters.ToList())
                {
                    Leave(w, WaiterState.Rejected);
                    completions.Add((w, AdmissionResult.Rejected(RejectionKind.ShuttingDown, _options.MinRetryAfter, "The scheduler is shutting down.")));
                    _metrics.Admission("rejected", RejectionKind.ShuttingDown, w.Request.Priority);
                }
            }
        }

        Complete(completions);
        lock (_timerGate)
        {
            _timer.Dispose();
        }

        _metrics.Dispose();
    }

    private (Waiter? Waiter, AdmissionResult? Immediate) Admit(AdmissionRequest request, List<(Waiter, AdmissionResult)> completions)
    {
        if (_disposed)
        {
            return (null, AdmissionResult.Rejected(RejectionKind.ShuttingDown, _options.MinRetryAfter, "The scheduler is shutting down."));
        }

        if (request.KeyFingerprint is { } pinned && !_pool.Has(request.Upstream, pinned))
        {
            _metrics.Admission("rejected", RejectionKind.NoCapacity, request.Priority);
            var where = request.Upstream is null ? "No key" : $"No key of upstream '{request.Upstream}'";
            return (null, AdmissionResult.Rejected(RejectionKind.NoCapacity, _options.QuarantineDuration, $"{where} has the fingerprint '{pinned}'."));
        }

        var now = Now();
        var maxWait = request.Deadline is { } deadline
            ? (deadline - _time.GetUtcNow()).TotalSeconds
            : _options.DefaultMaxQueueWait.TotalSeconds;
        var tenant = request.Tenant ?? DefaultTenant;
        AdmissionPlan? primary = null;
        foreach (var step in _options.DegradationLadder)
        {
            switch (step)
            {
                case DegradationStep.Queue:
                    primary ??= Plan(request.Model, request, tenant, now);
                    if (primary.Value.Fits(maxWait))
                    {
                        _metrics.Step(DegradationStep.Queue);
                        return (Enqueue(primary.Value, request, tenant, now, maxWait, completions), null);
                    }

                    break;
                case DegradationStep.FallbackModel:
                    if (request.AllowFallback && _options.FallbackModels.TryGetValue(request.Model, out var fallback))
                    {
                        var plan = Plan(fallback, request, tenant, now);
                        if (plan.Fits(maxWait))
                        {
                            _metrics.Step(DegradationStep.FallbackModel);
                            return (Enqueue(plan, request, tenant, now, maxWait, completions), null);
                        }
                    }

                    break;
                case DegradationStep.Batch:
                    if (request.Deferrable)
                    {
                        _metrics.Step(DegradationStep.Batch);
                        _metrics.Admission("deferred", RejectionKind.None, request.Priority);
                        return (null, AdmissionResult.Deferred());
                    }

                    break;
                default:
                    break;
            }

            if (step == DegradationStep.Shed)
            {
                break;
            }
        }

        primary ??= Plan(request.Model, request, tenant, now);
        _metrics.Step(DegradationStep.Shed);
        var shed = Shed(primary.Value, maxWait);
        _metrics.Admission("rejected", shed.RejectionKind, request.Priority);
        return (null, shed);
    }

    private AdmissionResult Shed(AdmissionPlan plan, double maxWait)
    {
        var retryAfter = RetryAfter(plan.WaitSeconds);
        var message = plan.Kind switch
        {
            RejectionKind.RequestTooLarge => "The request needs more tokens than any key's per-minute limit.",
            RejectionKind.QueueFull => "The admission queue is full.",
            RejectionKind.NoCapacity => "No upstream key is available.",
            RejectionKind.Overloaded => $"The upstream is overloaded; the expected wait ({plan.WaitSeconds:0.#} s) exceeds the deadline ({Math.Max(0, maxWait):0.#} s).",
            _ => $"Rate limited; the expected wait ({plan.WaitSeconds:0.#} s) exceeds the deadline ({Math.Max(0, maxWait):0.#} s).",
        };
        return AdmissionResult.Rejected(plan.Kind, retryAfter, message);
    }

    private TimeSpan RetryAfter(double seconds)
    {
        var max = TimeSpan.FromHours(1);
        var value = double.IsFinite(seconds) && seconds < max.TotalSeconds
            ? TimeSpan.FromSeconds(Math.Ceiling(seconds * 1000) / 1000)
            : _options.QuarantineDuration;
        return value < _options.MinRetryAfter ? _options.MinRetryAfter : value;
    }

    private double Now() => (_time.GetTimestamp() - _start) / (double)_time.TimestampFrequency;

    private Lane GetLane(string? upstream, string? keyFingerprint, string model)
    {
        var name = new LaneKey(upstream, keyFingerprint, model);
        if (!_lanes.TryGetValue(name, out var lane))
        {
            lane = new Lane(upstream, keyFingerprint, model);
            _lanes[name] = lane;

            // The depth is exported from the first request on, even when the fast path never queues one.
            foreach (var priority in Enum.GetValues<RequestPriority>())
            {
                _metrics.QueueDepth(0, model, priority);
            }
        }

        return lane;
    }

    private double TenantWeight(string tenant)
        => _options.TenantWeights.TryGetValue(tenant, out var w) ? w : 1.0;
}
