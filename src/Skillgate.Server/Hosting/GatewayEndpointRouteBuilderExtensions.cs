using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Skillgate.Server.Hosting;

/// <summary>Puts the Skillgate gateway into an ASP.NET Core application's pipeline and routes.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    private const string MiddlewareMarker = "Skillgate.Server.GatewayMiddleware";

    /// <summary>
    /// Adds the gateway's middleware for the gateway's paths only (<c>/v1/...</c>, <c>/healthz</c>, <c>/readyz</c>,
    /// <c>/metrics</c>, <c>/dashboard</c>): request ids, client-key authentication of <c>/v1/</c>, admin access to
    /// <c>/metrics</c> and <c>/dashboard</c> (loopback or an admin key), the request body limit, WebSockets, and errors
    /// in Anthropic's shape. The application's other routes are left alone. Call it before
    /// <see cref="MapSkillgateGateway"/>.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IApplicationBuilder UseSkillgateGateway(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Properties[MiddlewareMarker] = true;
        return app.UseWhen(static context => IsGatewayPath(context.Request.Path), UseGatewayMiddleware);
    }

    /// <summary>
    /// Maps the gateway's endpoints: the Anthropic API under <c>/v1/</c> (messages, count_tokens, batches, files,
    /// models), <c>/v1/ws</c>, the conversations, <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> and <c>/dashboard</c>. Needs
    /// <see cref="GatewayServiceCollectionExtensions.AddSkillgateGateway(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>
    /// and <see cref="UseSkillgateGateway"/>.
    /// </summary>
    /// <param name="endpoints">The application's routes.</param>
    /// <returns>A builder over the gateway's endpoints, e.g. to add <c>RequireHost</c>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="UseSkillgateGateway"/> was not called first.</exception>
    /// <exception cref="OptionsValidationException">A gateway setting is bad; the message names its key.</exception>
    public static IEndpointConventionBuilder MapSkillgateGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints is IApplicationBuilder app && !app.Properties.ContainsKey(MiddlewareMarker))
        {
            throw new InvalidOperationException("Call app.UseSkillgateGateway() before app.MapSkillgateGateway(): the gateway's endpoints need its middleware.");
        }

        // The endpoints take their handlers now, and those their options: a bad setting fails here, naming its key,
        // as the gateway's own error rather than one from deep inside a handler's construction.
        _ = endpoints.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        return GatewayApplication.MapEndpoints(endpoints);
    }

    /// <summary>The middleware on every path: the host owns the whole application (<see cref="GatewayHost"/>).</summary>
    internal static void UseGatewayMiddleware(IApplicationBuilder app)
    {
        app.Properties[MiddlewareMarker] = true;
        app.UseMiddleware<GatewayMiddleware>();
        app.Use(static async (context, next) =>
        {
            // The operator pages answer loopback callers, or others with an admin key.
            if (!AdminAccess.Guards(context.Request.Path) || await context.RequestServices.GetRequiredService<AdminAccess>().AllowAsync(context))
            {
                await next(context);
            }
        });
        app.UseWebSockets();
    }

    private static bool IsGatewayPath(PathString path) =>
        path.StartsWithSegments("/v1", StringComparison.Ordinal)
        || path.Equals("/healthz", StringComparison.Ordinal)
        || path.Equals("/readyz", StringComparison.Ordinal)
        || path.Equals("/metrics", StringComparison.Ordinal)
        || path.StartsWithSegments("/dashboard", StringComparison.Ordinal);
}
