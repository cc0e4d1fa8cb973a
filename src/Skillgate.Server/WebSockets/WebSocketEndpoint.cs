using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Errors;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.WebSockets;

/// <summary>Maps <c>GET /v1/ws</c>: the upgrade, then one <see cref="WebSocketSession"/> for the socket's life.</summary>
internal static class WebSocketEndpoint
{
    public static void MapWebSocketStreams(this IEndpointRouteBuilder routes)
    {
        var services = routes.ServiceProvider.GetRequiredService<WebSocketServices>();
        var options = services.Options.WebSocket;
        routes.MapGet("/v1/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                throw GatewayException.InvalidRequest("/v1/ws expects a WebSocket upgrade request.");
            }

            var request = context.Features.Get<GatewayRequestFeature>()!;
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var (name, values) in context.Request.Headers)
            {
                if (name.StartsWith("anthropic-", StringComparison.OrdinalIgnoreCase))
                {
                    headers.AddRange(values.OfType<string>().Select(v => new KeyValuePair<string, string>(name, v)));
                }
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = options.PingInterval,
                KeepAliveTimeout = options.PingTimeout,
            });
            using var session = new WebSocketSession(socket, request.Tenant, headers, services);
            await session.RunAsync(context.RequestAborted);
        });
    }
}
