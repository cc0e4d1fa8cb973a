using System.Diagnostics.Metrics;
using Skillgate.Telemetry;

namespace Skillgate.Tokens;

/// <summary>The estimator's metric: relative error of each estimate against the reported usage.</summary>
internal sealed class TokenEstimatorMetrics
{
    public const string ErrorInstrument = "skillgate.tokens.estimate.error";
    public const string ModelTag = "gen_ai.request.model";
    public const string ScriptTag = "skillgate.tokens.script";

    private readonly Histogram<double> _error;

    public TokenEstimatorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SkillgateTelemetry.PipelineName);
        _error = meter.CreateHistogram<double>(
            ErrorInstrument,
            unit: "1",
            description: "Relative error of the input-token estimate: (estimate - reported) / reported.");
    }

    public void RecordError(TokenEstimate estimate, long reported)
    {
        var error = (estimate.Tokens - (double)reported) / reported;
        _error.Record(
            error,
            new KeyValuePair<string, object?>(ModelTag, estimate.Model),
            new KeyValuePair<string, object?>(ScriptTag, estimate.DominantScript.ToString().ToLowerInvariant()));
    }
}
