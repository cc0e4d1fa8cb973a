using System.Diagnostics.Metrics;
using Skillgate.Telemetry;
using N = Skillgate.Telemetry.UpstreamInstrumentNames;

namespace Skillgate.Upstream;

/// <summary>The transport's instruments, created once per upstream client from <see cref="IMeterFactory"/>.</summary>
internal sealed class UpstreamMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _upstream;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _timeouts;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _budgetExhausted;
    private readonly Counter<long> _circuit;
    private readonly Counter<long> _keysOut;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _streamErrors;
    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _tokens;
    private readonly Histogram<double> _ttft;

    public UpstreamMetrics(string upstream, IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(SkillgateTelemetry.PipelineName) ?? new Meter(SkillgateTelemetry.PipelineName);
        _upstream = new(N.UpstreamTag, upstream);
        _attempts = _meter.CreateCounter<long>(N.Attempts, "{attempt}", "Attempts sent to the upstream, by outcome.");
        _retries = _meter.CreateCounter<long>(N.Retries, "{retry}", "Retries, by the failure that caused them.");
        _timeouts = _meter.CreateCounter<long>(N.Timeouts, "{timeout}", "Timeouts, by layer.");
        _errors = _meter.CreateCounter<long>(N.Errors, "{error}", "Calls that failed for the caller, by kind.");
        _budgetExhausted = _meter.CreateCounter<long>(N.RetryBudgetExhausted, "{retry}", "Retries refused by the retry budget.");
        _circuit = _meter.CreateCounter<long>(N.CircuitTransitions, "{transition}", "Circuit breaker state changes.");
        _keysOut = _meter.CreateCounter<long>(N.KeysOutOfService, "{key}", "Keys taken out of service after 401/403.");
        _connections = _meter.CreateUpDownCounter<long>(N.OpenConnections, "{connection}", "Open TCP connections to the upstream.");
        _streamErrors = _meter.CreateCounter<long>(N.StreamsEndedWithError, "{stream}", "Streams ended with an error event after the first byte.");
        _duration = _meter.CreateHistogram<double>(N.OperationDuration, "s", "Duration of upstream calls, retries included.");
        _tokens = _meter.CreateHistogram<long>(N.TokenUsage, "{token}", "Tokens used per call.");
        _ttft = _meter.CreateHistogram<double>(N.TimeToFirstToken, "s", "Time to the first token of a stream, retries included.");
    }

    public void Attempt(string outcome) => _attempts.Add(1, _upstream, new(N.OutcomeTag, outcome));

    public void Retry(string reason) => _retries.Add(1, _upstream, new(N.KindTag, reason));

    public void Timeout(UpstreamErrorKind kind) => _timeouts.Add(1, _upstream, new(N.KindTag, UpstreamErrorNames.Of(kind)));

    public void Error(UpstreamErrorKind kind, int status) => _errors.Add(1, _upstream, new(N.KindTag, UpstreamErrorNames.Of(kind)), new(N.StatusTag, status));

    public void BudgetExhausted() => _budgetExhausted.Add(1, _upstream);

    public void Circuit(string state) => _circuit.Add(1, _upstream, new(N.StateTag, state));

    public void KeyOutOfService(string keyId) => _keysOut.Add(1, _upstream, new(N.KeyTag, keyId));

    public void Connections(long delta) => _connections.Add(delta, _upstream);

    public void StreamEndedWithError(UpstreamErrorKind kind) => _streamErrors.Add(1, _upstream, new(N.KindTag, UpstreamErrorNames.Of(kind)));

    public void Completed(TimeSpan duration, UpstreamUsage usage, string? model)
    {
        var modelTag = new KeyValuePair<string, object?>(N.ModelTag, model);
        _duration.Record(duration.TotalSeconds, _upstream, modelTag);
        _tokens.Record(usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens, _upstream, modelTag, new(N.TokenTypeTag, "input"));
        _tokens.Record(usage.OutputTokens, _upstream, modelTag, new(N.TokenTypeTag, "output"));
    }

    public void FirstToken(TimeSpan elapsed, string? model) => _ttft.Record(elapsed.TotalSeconds, _upstream, new(N.ModelTag, model));

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
