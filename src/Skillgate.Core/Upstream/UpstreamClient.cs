using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Skillgate.Protocol;
using Polly.Retry;
using Skillgate.Telemetry;

namespace Skillgate.Upstream;

/// <summary>
/// The transport to one upstream. One <see cref="SocketsHttpHandler"/> (pooled, HTTP/2 where possible), the circuit
/// breaker (<see cref="UpstreamCircuit"/>, over calls) around a Polly retry pipeline over attempts that never throw for
/// upstream faults, and the layered timeouts of <see cref="AttemptTimer"/>.
/// </summary>
internal sealed partial class UpstreamClient : IUpstreamClient, IDisposable
{
    private readonly UpstreamOptions _options;
    private readonly IUpstreamKeySource _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _invoker;
    private readonly ConnectionTracker _connections = new();
    private readonly UpstreamMetrics _metrics;
    private readonly RetryBudget _budget;
    private readonly RetryDelayCalculator _delays;
    private readonly ResiliencePipeline<AttemptResult> _pipeline;
    private readonly UpstreamCircuit? _circuit;
    private readonly Uri _baseAddress;
    private readonly Version _version;
    private readonly HttpVersionPolicy _versionPolicy;
    private static readonly ResiliencePropertyKey<CallState> CallStateKey = new("skillgate.call");
    private long _inFlight;

    public UpstreamClient(
        UpstreamOptions options,
        IUpstreamKeySource? keys = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        Func<double>? random = null,
        HttpMessageHandler? handler = null,
        TelemetryOptions? telemetry = null)
    {
        _options = options;
        _baseAddress = options.BaseAddress ?? throw new ArgumentException("BaseAddress is required.", nameof(options));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<UpstreamClient>() ?? NullLogger.Instance;
        _metrics = new UpstreamMetrics(options.Name, _baseAddress, meterFactory, telemetry?.LegacyMetricNames ?? false);
        _connections.Changed += _metrics.Connections;
        _keys = keys ?? new RoundRobinKeySource(options.Name, UpstreamKeyResolver.Resolve(options), options.KeyCooldown, _timeProvider, _logger, _metrics);
        _budget = new RetryBudget(options.Retry, _timeProvider);
        _delays = new RetryDelayCalculator(options.Retry, random);
        // A handler is injected only by benchmarks that measure the transport without a network.
        _invoker = new HttpMessageInvoker(handler ?? UpstreamHandlerFactory.Create(options, _connections, _timeProvider), disposeHandler: true);
        _version = UpstreamHandlerFactory.VersionFor(options.Protocol);
        _versionPolicy = UpstreamHandlerFactory.PolicyFor(options.Protocol);
        _pipeline = BuildPipeline();
        _circuit = options.CircuitBreaker.Enabled ? new UpstreamCircuit(options.CircuitBreaker, _timeProvider, OnCircuitChanged) : null;
    }

    public string Name => _options.Name;

    /// <summary>The circuit breaker, or null when it is off.</summary>
    internal UpstreamCircuit? Circuit => _circuit;

    /// <summary>TCP connections open to the upstream right now.</summary>
    internal long OpenConnections => _connections.Open;

    /// <summary>TCP connections opened since start.</summary>
    internal long ConnectionsOpened => _connections.Opened;

    /// <summary>Calls and streams not finished yet (a stream counts until it is read to the end or disposed).</summary>
    internal long InFlight => Interlocked.Read(ref _inFlight);

    public async Task<UpstreamResponse> SendAsync(UpstreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = new CallState(this, request, CallMode.Buffered);
        state.Activity = UpstreamTracing.StartCall(state, Name, _baseAddress);
        Interlocked.Increment(ref _inFlight);
        try
        {
            using var result = await ExecuteAsync(state, cancellationToken).ConfigureAwait(false);
            _metrics.Completed(_timeProvider.GetElapsedTime(state.Started), result.Usage, request.Model, request.Tenant);
            UpstreamTracing.Completed(state.Activity, result.Usage, result.StopReason, result.RequestId);
            return new UpstreamResponse(result.StatusCode, result.Body, result.Usage, result.RequestId, state.Attempts)
            {
                Headers = result.Headers,
                KeyFingerprint = state.KeyFingerprint,
                QueueWait = state.QueueWait,
            };
        }
        catch (Exception ex) when (state.Activity is not null)
        {
            UpstreamTracing.Failed(state.Activity, UpstreamTracing.ErrorTypeOf(ex), ex.Message);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async Task<UpstreamStream> StreamAsync(UpstreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = new CallState(this, request, CallMode.Streaming);
        state.Activity = UpstreamTracing.StartCall(state, Name, _baseAddress);
        Interlocked.Increment(ref _inFlight);
        try
        {
            var result = await ExecuteAsync(state, cancellationToken).ConfigureAwait(false);
            var firstToken = _timeProvider.GetElapsedTime(state.Started);
            _metrics.FirstToken(firstToken, request.Model);
            UpstreamTracing.FirstToken(state.Activity, firstToken, result.RequestId);
            return new UpstreamStream(this, state, result);
        }
        catch (Exception ex)
        {
            Interlocked.Decrement(ref _inFlight);
            UpstreamTracing.Failed(state.Activity, UpstreamTracing.ErrorTypeOf(ex), ex.Message);
            throw;
        }
    }

    public async Task<UpstreamRawResponse> SendRawAsync(UpstreamRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = new CallState(this, request, CallMode.Raw);
        Interlocked.Increment(ref _inFlight);
        try
        {
            var result = await ExecuteAsync(state, cancellationToken).ConfigureAwait(false);
            return new UpstreamRawResponse(this, state, result);
        }
        catch
        {
            Interlocked.Decrement(ref _inFlight);
            throw;
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _metrics.Dispose();
    }

    internal void OnStreamFinished(CallState state, UpstreamUsage usage, UpstreamErrorKind? error, string? stopReason)
    {
        Interlocked.Decrement(ref _inFlight);
        if (error is { } kind)
        {
            _metrics.StreamEndedWithError(kind);
            if (UpstreamErrorNames.IsTimeout(kind))
            {
                _metrics.Timeout(kind);
            }

            _logger.StreamEndedWithError(Name, UpstreamErrorNames.Of(kind));
        }

        _metrics.Completed(_timeProvider.GetElapsedTime(state.Started), usage, state.Request.Model, state.Request.Tenant);
        UpstreamTracing.Completed(state.Activity, usage, stopReason, null, error is { } failed ? UpstreamErrorNames.Of(failed) : null);
    }

    internal void OnRawFinished(CallState state)
    {
        Interlocked.Decrement(ref _inFlight);
        _metrics.Completed(_timeProvider.GetElapsedTime(state.Started), default, state.Request.Model, state.Request.Tenant);
    }

    private async Task<AttemptResult> ExecuteAsync(CallState state, CancellationToken cancellationToken)
    {
        if (_circuit is not null)
        {
            var budget = state.Request.Deadline is { } deadline ? deadline - _timeProvider.GetUtcNow() : TimeSpan.MaxValue;
            var permit = await _circuit.EnterAsync(budget, cancellationToken).ConfigureAwait(false);
            if (!permit.IsAllowed)
            {
                state.KeyFingerprint = null;
                throw Fail(state, CircuitOpen(permit.RetryAfter));
            }

            state.IsProbe = permit.IsProbe;
        }

        _budget.RecordRequest();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallStateKey, state);
        Outcome<AttemptResult> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(
                static (context, state) => state.Client.AttemptThroughCircuitAsync(state, context.CancellationToken),
                context,
                state).ConfigureAwait(false);
        }
        catch
        {
            _circuit?.OnCall(state.IsProbe, null);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        _circuit?.OnCall(state.IsProbe, outcome.Result);
        outcome.ThrowIfException();
        var result = outcome.Result!;
        if (!result.IsSuccess)
        {
            throw Fail(state, result);
        }

        return result;
    }

    private async ValueTask<Outcome<AttemptResult>> AttemptThroughCircuitAsync(CallState state, CancellationToken cancellationToken)
    {
        if (_circuit is { Unreachable: true } && !state.IsProbe && state.Attempts > 0)
        {
            // The upstream stopped answering connections while this call was retrying: stop here rather than knock again.
            return Outcome.FromResult(CircuitOpen(_options.CircuitBreaker.BreakDuration));
        }

        state.AttemptActivity = UpstreamTracing.StartAttempt(state, state.Attempts);
        Outcome<AttemptResult> outcome;
        try
        {
            outcome = await AttemptAsync(state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (state.AttemptActivity is not null)
        {
            UpstreamTracing.EndAttempt(state.AttemptActivity, state, null, ex);
            state.AttemptActivity = null;
            throw;
        }

        if (state.AttemptActivity is not null)
        {
            UpstreamTracing.EndAttempt(state.AttemptActivity, state, outcome.Result, outcome.Exception);
            state.AttemptActivity = null;
            state.RetryReason = outcome.Result is { IsSuccess: false } failed ? UpstreamTracing.ErrorTypeOf(failed) : null;
        }

        if (outcome.Result is { } result)
        {
            _circuit?.OnAttempt(result);
        }

        return outcome;
    }

    private AttemptResult CircuitOpen(TimeSpan retryAfter) => AttemptResult.Failure(
        UpstreamErrorKind.CircuitOpen, 503, "overloaded_error", $"Upstream '{Name}' is unavailable; not calling it for a while.", retryable: false,
        retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);

    private void OnCircuitChanged(CircuitState state, CircuitReason reason)
    {
        switch (state)
        {
            case CircuitState.Open:
                _metrics.Circuit("open");
                _logger.CircuitOpened(Name, _options.CircuitBreaker.BreakDuration.TotalMilliseconds, reason == CircuitReason.Unreachable ? "unreachable" : "failing");
                break;
            case CircuitState.HalfOpen:
                _metrics.Circuit("half_open");
                _logger.CircuitChanged(Name, "half-open");
                break;
            default:
                _metrics.Circuit("closed");
                _logger.CircuitChanged(Name, "closed");
                break;
        }
    }

    private UpstreamException Fail(CallState state, AttemptResult failure)
    {
        _metrics.Error(failure.Kind, failure.StatusCode);
        _metrics.Failed(_timeProvider.GetElapsedTime(state.Started), state.Request.Model, UpstreamTracing.ErrorTypeOf(failure));
        _logger.CallFailed(Name, state.Attempts, UpstreamErrorNames.Of(failure.Kind), failure.StatusCode);
        return failure.ToException(state.Attempts, state.KeyFingerprint);
    }

    private ResiliencePipeline<AttemptResult> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = _timeProvider };
        if (_options.Retry.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                MaxRetryAttempts = _options.Retry.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.AttemptNumber, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result?.NextDelay ?? TimeSpan.Zero),
                OnRetry = args =>
                {
                    var failed = args.Outcome.Result!;
                    _metrics.Retry(UpstreamErrorNames.Of(failed.Kind));
                    _logger.RetryScheduled(Name, args.AttemptNumber + 1, UpstreamErrorNames.Of(failed.Kind), failed.StatusCode, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    private bool ShouldRetry(Outcome<AttemptResult> outcome, int attemptNumber, ResilienceContext context)
    {
        if (outcome.Result is not { IsSuccess: false, Retryable: true } failed || attemptNumber >= _options.Retry.MaxRetries)
        {
            return false;
        }

        // A 429 is the key's problem: the key source cools that key down and hands the retry to another one,
        // so only the backoff applies here. Other retry-afters speak for the whole upstream.
        var retryAfter = failed.StatusCode == 429 ? null : failed.RetryAfter;
        if (_delays.Delay(attemptNumber, retryAfter) is not { } delay)
        {
            return false;
        }

        if (context.Properties.TryGetValue(CallStateKey, out var state)
            && state.Request.Deadline is { } deadline
            && _timeProvider.GetUtcNow() + delay >= deadline)
        {
            return false;
        }

        if (!_budget.TryAcquireRetry())
        {
            _metrics.BudgetExhausted();
            _logger.RetryBudgetExhausted(Name);
            return false;
        }

        failed.NextDelay = delay;
        return true;
    }
}
