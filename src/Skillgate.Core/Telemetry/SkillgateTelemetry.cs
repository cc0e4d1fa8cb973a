namespace Skillgate.Telemetry;

/// <summary>Names of Skillgate's meters and activity sources, in one place.</summary>
public static class SkillgateTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of the pipeline (the transport's instruments).</summary>
    public const string PipelineName = "Skillgate.Pipeline";

    /// <summary>
    /// The name of Skillgate's <see cref="System.Diagnostics.ActivitySource"/>: a <c>chat {model}</c> client span per
    /// Messages call (OpenTelemetry GenAI conventions) with its admission waits, attempts and first token. Nothing is
    /// created unless a listener (an OpenTelemetry tracer provider, an <see cref="System.Diagnostics.ActivityListener"/>)
    /// listens to this name.
    /// </summary>
    public const string ActivitySourceName = "Skillgate";

    /// <summary>The name of the request scheduler's meter (instruments <c>skillgate.scheduler.*</c>).</summary>
    public const string SchedulerName = "Skillgate.Scheduler";

    /// <summary>The name of the redaction layer's meter (instruments <c>skillgate.redaction.*</c>).</summary>
    public const string RedactionName = "Skillgate.Redaction";

    /// <summary>The name of the gateway's meter.</summary>
    public const string GatewayName = "Skillgate.Gateway";
}
