using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Skillgate.Server.Health;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (it can serve: upstream reachable, a key available).</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        var probe = routes.ServiceProvider.GetRequiredService<ReadinessProbe>();
        routes.MapGet("/healthz", static context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"status":"ok"}""");
        });
        routes.MapGet("/readyz", async context =>
        {
            var report = await probe.CheckAsync(context.RequestAborted);
            context.Response.StatusCode = report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            writer.WriteString("status", report.Ready ? "ready" : "not_ready");
            writer.WriteBoolean("upstream_reachable", report.UpstreamReachable);
            writer.WriteNumber("keys_available", report.KeysAvailable);
            writer.WriteEndObject();
        });
    }
}
