using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Skillgate.Server.Conversations;

/// <summary>Maps <c>/v1/conversations</c>: conversations with durable history, built into budgeted views for each turn.</summary>
internal static class ConversationEndpoints
{
    public static void AddConversations(this IServiceCollection services)
    {
        services.AddSingleton<ConversationServices>();
        services.AddSingleton<ConversationHandler>();
        services.AddSingleton<TurnHandler>();
        services.AddSingleton<DocumentUploadHandler>();
    }

    public static void MapConversations(this IEndpointRouteBuilder routes)
    {
        var handler = routes.ServiceProvider.GetRequiredService<ConversationHandler>();
        var turns = routes.ServiceProvider.GetRequiredService<TurnHandler>();
        var documents = routes.ServiceProvider.GetRequiredService<DocumentUploadHandler>();
        routes.MapPost("/v1/conversations", handler.CreateAsync);
        routes.MapGet("/v1/conversations", handler.ListAsync);
        routes.MapGet("/v1/conversations/{id}", handler.GetAsync);
        routes.MapDelete("/v1/conversations/{id}", handler.DeleteAsync);
        routes.MapPost("/v1/conversations/{id}/messages", turns.HandleAsync);
        routes.MapPost("/v1/conversations/{id}/documents", documents.HandleAsync);
    }
}
