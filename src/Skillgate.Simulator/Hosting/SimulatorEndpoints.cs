using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Skillgate.Protocol;
using Skillgate.Simulator.Endpoints;

namespace Skillgate.Simulator.Hosting;

/// <summary>The simulator's routes.</summary>
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

        app.MapPost("/v1/messages", (RequestDelegate)(c => MessagesEndpoint.HandleAsync(c, state)));
        app.MapPost("/v1/messages/count_tokens", (RequestDelegate)(c => CountTokensEndpoint.HandleAsync(c, state)));
        app.MapGet("/v1/models", (RequestDelegate)(c => ModelsEndpoint.ListAsync(c, state)));
        app.MapGet("/v1/models/{id}", (RequestDelegate)(c => ModelsEndpoint.GetAsync(c, state, Id(c))));
        app.MapPost("/v1/messages/batches", (RequestDelegate)(c => BatchesEndpoint.CreateAsync(c, state)));
        app.MapGet("/v1/messages/batches", (RequestDelegate)(c => BatchesEndpoint.ListAsync(c, state)));
        app.MapGet("/v1/messages/batches/{id}", (RequestDelegate)(c => BatchesEndpoint.GetAsync(c, state, Id(c))));
        app.MapDelete("/v1/messages/batches/{id}", (RequestDelegate)(c => BatchesEndpoint.DeleteAsync(c, state, Id(c))));
        app.MapPost("/v1/messages/batches/{id}/cancel", (RequestDelegate)(c => BatchesEndpoint.CancelAsync(c, state, Id(c))));
        app.MapGet("/v1/messages/batches/{id}/results", (RequestDelegate)(c => BatchesEndpoint.ResultsAsync(c, state, Id(c))));
        app.MapGet("/sim/stats", (RequestDelegate)(c => StatsEndpoint.GetAsync(c, state)));
        app.MapPost("/sim/stats/reset", (RequestDelegate)(c => StatsEndpoint.ResetAsync(c, state)));
        app.MapGet("/healthz", (RequestDelegate)(c =>
        {
            Responses.BeginRequest(c, state);
            return c.Response.WriteAsync("ok");
        }));
        app.MapFallback((RequestDelegate)(c =>
        {
            var id = Responses.BeginRequest(c, state);
            return Responses.WriteErrorAsync(c, id, AnthropicErrorTypes.NotFound, "Not Found");
        }));
    }

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;
}
