using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Skillgate.Server.Messages;

/// <summary>Maps the Anthropic-compatible routes.</summary>
internal static class MessagesEndpoints
{
    public static void MapMessages(this IEndpointRouteBuilder routes)
    {
        var proxy = routes.ServiceProvider.GetRequiredService<ProxyHandler>();
        routes.MapPost("/v1/messages", c => proxy.HandleAsync(c, RequestKind.Messages));
        routes.MapPost("/v1/messages/count_tokens", c => proxy.HandleAsync(c, RequestKind.CountTokens));
        routes.MapPost("/v1/messages/batches", c => proxy.HandleAsync(c, RequestKind.CreateBatch));
        routes.MapGet("/v1/messages/batches", c => proxy.HandleAsync(c, RequestKind.NoBody));
        routes.MapGet("/v1/messages/batches/{id}", c => proxy.HandleAsync(c, RequestKind.NoBody));
        routes.MapDelete("/v1/messages/batches/{id}", c => proxy.HandleAsync(c, RequestKind.NoBody));
        routes.MapPost("/v1/messages/batches/{id}/cancel", c => proxy.HandleAsync(c, RequestKind.NoBody));
        routes.MapGet("/v1/messages/batches/{id}/results", c => proxy.HandleAsync(c, RequestKind.NoBody));
        routes.MapGet("/v1/models", c => proxy.HandleAsync(c, RequestKind.NoBody));
        routes.MapGet("/v1/models/{id}", c => proxy.HandleAsync(c, RequestKind.NoBody));
    }
}
