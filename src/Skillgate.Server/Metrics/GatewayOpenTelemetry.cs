using System.Collections;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Skillgate.Telemetry;

namespace Skillgate.Server.Metrics;

/// <summary>
/// The gateway's OpenTelemetry setup: the resource (<c>service.name</c> = <c>skillgate</c> unless
/// <c>OTEL_SERVICE_NAME</c> says otherwise), Skillgate's meters on the Prometheus endpoint, and — only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or a per-signal endpoint) is set — OTLP export of traces and metrics configured by
/// the standard <c>OTEL_*</c> variables. Without an endpoint nothing listens to the activity sources, so no span is created.
/// </summary>
internal static class GatewayOpenTelemetry
{
    /// <summary>The service name in every exported signal.</summary>
    public const string ServiceName = "skillgate";

    /// <summary>The ASP.NET Core activity source: its server span continues the caller's <c>traceparent</c>.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    private const string Prefix = "OTEL_";

    public static void Add(IServiceCollection services)
    {
        var otlpMetrics = IsSet("OTEL_EXPORTER_OTLP_ENDPOINT") || IsSet("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        var otlpTraces = IsSet("OTEL_EXPORTER_OTLP_ENDPOINT") || IsSet("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") is { Length: > 0 } name ? name : ServiceName))
            .WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(SkillgateTelemetry.GatewayName, SkillgateTelemetry.PipelineName, SkillgateTelemetry.SchedulerName, SkillgateTelemetry.RedactionName)
                    .AddPrometheusExporter();
                if (otlpMetrics)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlpTraces)
        {
            builder.WithTracing(tracing => tracing
                .AddSource(SkillgateTelemetry.ActivitySourceName, AspNetCoreSource)
                .AddOtlpExporter());
        }
    }

    /// <summary>
    /// The process's <c>OTEL_*</c> variables as configuration keys, for a host whose configuration has no environment
    /// variables (the exporters read their endpoint, protocol and headers from configuration).
    /// </summary>
    public static IConfigurationBuilder AddOtelVariables(IConfigurationBuilder configuration)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string key && key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                values[key] = variable.Value as string;
            }
        }

        return values.Count == 0 ? configuration : configuration.AddInMemoryCollection(values);
    }

    private static bool IsSet(string variable) => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable));
}
