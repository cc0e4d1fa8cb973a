namespace Skillgate.Telemetry;

/// <summary>Names of Skillgate's meters and activity sources, in one place.</summary>
public static class SkillgateTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> and activity source of the pipeline.</summary>
    public const string PipelineName = "Skillgate.Pipeline";

    /// <summary>The name of the request scheduler's meter (instruments <c>skillgate.scheduler.*</c>).</summary>
    public const string SchedulerName = "Skillgate.Scheduler";

    /// <summary>The name of the redaction layer's meter (instruments <c>skillgate.redaction.*</c>).</summary>
    public const string RedactionName = "Skillgate.Redaction";

    /// <summary>The name of the gateway's meter.</summary>
    public const string GatewayName = "Skillgate.Gateway";
}
