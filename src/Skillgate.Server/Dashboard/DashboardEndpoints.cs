using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Skillgate.Server.Dashboard;

/// <summary>
/// <c>GET /dashboard</c> (the page), <c>GET /dashboard/{asset}</c> (its script and style) and <c>GET /dashboard/events</c>
/// (one SSE event a second while the page is open). Who may call them is decided before routing
/// (<see cref="Hosting.AdminAccess"/>).
/// </summary>
internal static class DashboardEndpoints
{
    // Everything the page loads is its own: no inline script, no other origin, not framed.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly byte[] DataPrefix = Encoding.ASCII.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.ASCII.GetBytes("\n\n");

    public static void MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dashboard", (HttpContext context) => WriteAssetAsync(context, "index.html"));
        endpoints.MapGet("/dashboard/events", StreamAsync);
        endpoints.MapGet("/dashboard/{asset}", (HttpContext context, string asset) => WriteAssetAsync(context, asset));
    }

    private static async Task WriteAssetAsync(HttpContext context, string name)
    {
        if (DashboardAssets.Find(name) is not { } asset)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentType = asset.ContentType;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        context.Response.ContentLength = asset.Content.Length;
        await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted);
    }

    private static async Task StreamAsync(HttpContext context)
    {
        var hub = context.RequestServices.GetRequiredService<DashboardHub>();
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(context.RequestAborted);

        var frames = hub.Subscribe();
        try
        {
            await foreach (var frame in frames.ReadAllAsync(context.RequestAborted))
            {
                await response.Body.WriteAsync(DataPrefix, context.RequestAborted);
                await response.Body.WriteAsync(frame, context.RequestAborted);
                await response.Body.WriteAsync(EventEnd, context.RequestAborted);
                await response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page was closed.
        }
        finally
        {
            hub.Unsubscribe(frames);
        }
    }
}
