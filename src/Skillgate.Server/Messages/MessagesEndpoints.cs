using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Relay;

namespace Skillgate.Server.Messages;

/// <summary>Maps the Anthropic-compatible routes: Messages through the executor, every other <c>/v1/...</c> call through the relay.</summary>
internal static class MessagesEndpoints
{
    public static void MapMessages(this IEndpointRouteBuilder routes)
    {
        var messages = routes.ServiceProvider.GetRequiredService<MessagesHandler>();
        var relay = routes.ServiceProvider.GetRequiredService<ApiRelay>();
        routes.MapPost("/v1/messages", messages.HandleAsync);

        // count_tokens, batches, files, skills, models, and whatever the upstream serves that the gateway does not know.
        // More specific routes (conversations, /v1/ws) win over this one.
        routes.Map("/v1/{**path}", relay.HandleAsync).WithOrder(int.MaxValue);
    }
}
