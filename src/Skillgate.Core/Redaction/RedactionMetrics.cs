using System.Diagnostics.Metrics;
using Skillgate.Telemetry;

namespace Skillgate.Redaction;

/// <summary>
/// The redaction layer's instruments (meter <see cref="SkillgateTelemetry.RedactionName"/>). Tags are entity types,
/// modes and failure reasons — fixed words, never values or text.
/// </summary>
internal sealed class RedactionMetrics
{
    public const string EntitiesName = "skillgate.redaction.entities";
    public const string RefusedName = "skillgate.redaction.refused";
    public const string RestoredName = "skillgate.redaction.restored";
    public const string DurationName = "skillgate.redaction.duration";

    public const string EntityTypeTag = "skillgate.redaction.entity_type";
    public const string ModeTag = "skillgate.redaction.mode";
    public const string ReasonTag = "skillgate.redaction.reason";
    public const string OutcomeTag = "skillgate.redaction.outcome";

    private readonly Counter<long> _entities;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _restored;
    private readonly Histogram<double> _duration;

    public RedactionMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(new MeterOptions(SkillgateTelemetry.RedactionName));
        _entities = meter.CreateCounter<long>(EntitiesName, "{entity}", "Sensitive values replaced by placeholders, by entity type and mode.");
        _refused = meter.CreateCounter<long>(RefusedName, "{request}", "Requests refused because redaction failed (nothing was sent), by reason.");
        _restored = meter.CreateCounter<long>(RestoredName, "{placeholder}", "Placeholders put back to their values in answers, by entity type.");
        _duration = meter.CreateHistogram<double>(
            DurationName,
            "s",
            "Time to redact one request body, by mode and outcome (redacted, unchanged, refused).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1] });
    }

    public void Entities(string type, RedactionMode mode, long count) =>
        _entities.Add(count, new(EntityTypeTag, type), new(ModeTag, ModeName(mode)));

    public void Entities(EntityTally tally, RedactionMode mode)
    {
        foreach (var (type, count) in tally.Counts)
        {
            Entities(type, mode, count);
        }
    }

    public void Refused(string reason, RedactionMode mode) =>
        _refused.Add(1, new(ReasonTag, reason), new(ModeTag, ModeName(mode)));

    public void Restored(string type) => _restored.Add(1, new KeyValuePair<string, object?>(EntityTypeTag, type));

    public void Duration(TimeSpan elapsed, RedactionMode mode, string outcome) =>
        _duration.Record(elapsed.TotalSeconds, new(ModeTag, ModeName(mode)), new(OutcomeTag, outcome));

    public static string ModeName(RedactionMode mode) => mode switch
    {
        RedactionMode.Off => "off",
        RedactionMode.Redact => "redact",
        _ => "pseudonymize",
    };
}
