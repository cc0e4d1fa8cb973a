using System.Diagnostics;
using System.Diagnostics.Metrics;
using Skillgate.Telemetry;
using G = Skillgate.Telemetry.GenAiNames;
using N = Skillgate.Telemetry.UpstreamInstrumentNames;

namespace Skillgate.Upstream;

/// <summary>
/// The transport's instruments, created once per upstream client from <see cref="IMeterFactory"/>. The GenAI ones
/// (<c>gen_ai.client.*</c>) carry the conventions' attributes (operation, provider, the upstream's host as
/// <c>server.address</c>) beside the pool's name (<c>skillgate.upstream</c>); tokens are recorded here only.
/// </summary>
internal sealed class UpstreamMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly KeyValuePair<string, object?> _upstream;
    private readonly KeyValuePair<string, object?> _serverAddress;
    private readonly KeyValuePair<string, object?> _serverPort;
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
    private readonly Histogram<double> _timeToFirstChunk;
    private readonly Histogram<double>? _legacyTimeToFirstToken;

    public UpstreamMetrics(string upstream, Uri server, IMeterFactory? meterFactory, bool legacyNames = false)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(SkillgateTelemetry.PipelineName) ?? new Meter(SkillgateTelemetry.PipelineName);
        _upstream = new(N.UpstreamTag, upstream);
        _serverAddress = new(G.ServerAddress, server.Host);
        _serverPort = new(G.ServerPort, server.Port);
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
        _tokens = _meter.CreateHistogram<long>(N.TokenUsage, "{token}", "Tokens used per call, as the upstream reported them (input includes cache reads and writes).");
        _timeToFirstChunk = _meter.CreateHistogram<double>(N.TimeToFirstChunk, "s", "Time to the first token of a stream, retries included.");
        if (legacyNames)
        {
            _legacyTimeToFirstToken = _meter.CreateHistogram<double>(N.LegacyTimeToFirstToken, "s", "Deprecated: gen_ai.client.operation.time_to_first_chunk.");
        }
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

    /// <summary>A call that got its answer (or its stream's end): duration and tokens, once per call.</summary>
    public void Completed(TimeSpan duration, UpstreamUsage usage, string? model, string? tenant)
    {
        var tags = GenAiTags(model);
        _duration.Record(duration.TotalSeconds, tags);
        tags.Add(N.TenantTag, tenant);
        var input = usage.InputTokens + usage.CacheCreationInputTokens + usage.CacheReadInputTokens;
        if (input > 0)
        {
            var inputTags = tags;
            inputTags.Add(G.TokenType, "input");
            _tokens.Record(input, inputTags);
        }

        if (usage.OutputTokens > 0)
        {
            tags.Add(G.TokenType, "output");
            _tokens.Record(usage.OutputTokens, tags);
        }
    }

    /// <summary>A call that failed for the caller: its duration, with <c>error.type</c>.</summary>
    public void Failed(TimeSpan duration, string? model, string errorType)
    {
        var tags = GenAiTags(model);
        tags.Add(G.ErrorType, errorType);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void FirstToken(TimeSpan elapsed, string? model)
    {
        var tags = GenAiTags(model);
        _timeToFirstChunk.Record(elapsed.TotalSeconds, tags);
        _legacyTimeToFirstToken?.Record(elapsed.TotalSeconds, _upstream, new(N.ModelTag, model));
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private TagList GenAiTags(string? model) => new()
    {
        { G.OperationName, G.Chat },
        { G.ProviderName, G.Anthropic },
        { G.RequestModel, model },
        _serverAddress,
        _serverPort,
        _upstream,
    };
}
