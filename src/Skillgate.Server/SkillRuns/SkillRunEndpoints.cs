using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Skillgate.Server.SkillRuns;

/// <summary>Maps <c>POST /v1/skill-runs</c> (outside Anthropic's <c>/v1/skills</c> namespace, which is relayed).</summary>
internal static class SkillRunEndpoints
{
    public static void AddSkillRuns(this IServiceCollection services)
    {
        services.AddSingleton<SkillRunCatalog>();
        services.AddSingleton<SkillRunHandler>();
    }

    public static void MapSkillRuns(this IEndpointRouteBuilder routes)
    {
        var handler = routes.ServiceProvider.GetRequiredService<SkillRunHandler>();
        routes.MapPost("/v1/skill-runs", handler.HandleAsync);
    }
}
