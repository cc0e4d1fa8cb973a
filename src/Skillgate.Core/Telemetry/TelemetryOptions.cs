namespace Skillgate.Telemetry;

/// <summary>Telemetry settings (configuration section <c>Skillgate:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// Also record the instruments under the names they had before the OpenTelemetry GenAI conventions were adopted
    /// (the transport's time to first token as <c>gen_ai.server.time_to_first_token</c> beside
    /// <c>gen_ai.client.operation.time_to_first_chunk</c>), for dashboards that have not moved yet. Default
    /// <see langword="false"/>; the switch goes away in the next release.
    /// </summary>
    public bool LegacyMetricNames { get; set; }
}
