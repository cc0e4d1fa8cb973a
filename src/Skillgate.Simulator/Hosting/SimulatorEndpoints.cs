using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Skillgate.Protocol;
using Skillgate.Simulator.Endpoints;

namespace Skillgate.Simulator.Hosting;

/// <summary>The simulator's routes. A known path asked with another method gets 405 and <c>allow</c>; an
/// unknown path gets 404 <c>not_found_error</c>.</summary>
internal static class SimulatorEndpoints
{
    public static void Map(WebApplication app, SimulatorState state)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.Response.Clear();
                await Responses.WriteErrorAsync(context, state.Ids.Next("req_"), AnthropicErrorTypes.Api, "Internal server error");
            }
        });

        if (state.Recorder is { } recorder)
        {
            app.Use(recorder.RecordAsync);
        }

        var routes = new KnownRoutes();
        Map(app, routes, HttpMethods.Post, "/v1/messages", c => MessagesEndpoint.HandleAsync(c, state));
        Map(app, routes, HttpMethods.Post, "/v1/messages/count_tokens", c => CountTokensEndpoint.HandleAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/models", c => ModelsEndpoint.ListAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/models/{id}", c => ModelsEndpoint.GetAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Post, "/v1/messages/batches", c => BatchesEndpoint.CreateAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/messages/batches", c => BatchesEndpoint.ListAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/messages/batches/{id}", c => BatchesEndpoint.GetAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Delete, "/v1/messages/batches/{id}", c => BatchesEndpoint.DeleteAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Post, "/v1/messages/batches/{id}/cancel", c => BatchesEndpoint.CancelAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Get, "/v1/messages/batches/{id}/results", c => BatchesEndpoint.ResultsAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Post, "/v1/files", c => FilesEndpoint.UploadAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/files", c => FilesEndpoint.ListAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/files/{id}", c => FilesEndpoint.GetAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Delete, "/v1/files/{id}", c => FilesEndpoint.DeleteAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Get, "/v1/files/{id}/content", c => FilesEndpoint.ContentAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Post, "/v1/skills", c => SkillsEndpoint.CreateAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/skills", c => SkillsEndpoint.ListAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/v1/skills/{id}", c => SkillsEndpoint.GetAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Delete, "/v1/skills/{id}", c => SkillsEndpoint.DeleteAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Post, "/v1/skills/{id}/versions", c => SkillsEndpoint.VersionsCreateAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Get, "/v1/skills/{id}/versions", c => SkillsEndpoint.VersionsListAsync(c, state, Id(c)));
        Map(app, routes, HttpMethods.Get, "/v1/skills/{id}/versions/{version}", c => SkillsEndpoint.VersionGetAsync(c, state, Id(c), Version(c)));
        Map(app, routes, HttpMethods.Delete, "/v1/skills/{id}/versions/{version}", c => SkillsEndpoint.VersionDeleteAsync(c, state, Id(c), Version(c)));
        Map(app, routes, HttpMethods.Get, "/v1/skills/{id}/versions/{version}/content", c => SkillsEndpoint.VersionContentAsync(c, state, Id(c), Version(c)));
        Map(app, routes, HttpMethods.Get, "/sim/stats", c => StatsEndpoint.GetAsync(c, state));
        Map(app, routes, HttpMethods.Post, "/sim/stats/reset", c => StatsEndpoint.ResetAsync(c, state));
        Map(app, routes, HttpMethods.Get, "/healthz", c =>
        {
            Responses.BeginRequest(c, state);
            return c.Response.WriteAsync("ok");
        });
        app.MapFallback((RequestDelegate)(c => FallbackAsync(c, state, routes)));
    }

    private static void Map(WebApplication app, KnownRoutes routes, string method, string pattern, RequestDelegate handler)
    {
        app.MapMethods(pattern, [method], handler);
        routes.Add(method, pattern);
    }

    // Only requests no route took get here, so the route matching costs nothing on the normal path.
    private static Task FallbackAsync(HttpContext context, SimulatorState state, KnownRoutes routes)
    {
        var id = Responses.BeginRequest(context, state);
        Auth.WriteHeadersOfPresentedKey(context, state);
        var allow = routes.AllowedMethods(context.Request.Path);
        if (allow is null)
        {
            return Responses.WriteErrorAsync(context, id, AnthropicErrorTypes.NotFound, "Not Found");
        }

        context.Response.Headers.Allow = allow;
        return Responses.WriteErrorAsync(context, id,
            AnthropicError.InvalidRequest("Method Not Allowed: this path accepts " + allow), StatusCodes.Status405MethodNotAllowed);
    }

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    private static string Version(HttpContext context) => (string)context.Request.RouteValues["version"]!;
}
