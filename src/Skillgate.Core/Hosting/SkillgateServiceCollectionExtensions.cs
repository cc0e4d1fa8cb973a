using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Skillgate.AI;
using Skillgate.Upstream;

namespace Skillgate.Hosting;

/// <summary>Registers the in-process Skillgate pipeline.</summary>
public static class SkillgateServiceCollectionExtensions
{
    /// <summary>
    /// Adds Skillgate: options (validated at start-up), one <see cref="IUpstreamClient"/> per upstream (the default
    /// one unkeyed, every one keyed by its name), and an <see cref="IChatClient"/> over the default upstream.
    /// A keyed <see cref="IUpstreamKeySource"/> registered under an upstream's name replaces that upstream's built-in
    /// round-robin key rotation.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options, e.g. binds them from configuration.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddSkillgate(this IServiceCollection services, Action<SkillgateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SkillgateOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SkillgateOptions>, SkillgateOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UpstreamClientRegistry>();
        services.TryAddSingleton(sp => sp.GetRequiredService<UpstreamClientRegistry>().Default);
        services.TryAddKeyedSingleton<IUpstreamClient>(KeyedService.AnyKey, (sp, key) => sp.GetRequiredService<UpstreamClientRegistry>().Get((string)key!));
        services.TryAddSingleton<IChatClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SkillgateOptions>>().Value;
            return new SkillgateChatClient(sp.GetRequiredService<IUpstreamClient>(), options.DefaultModel, options.DefaultMaxTokens, options.Upstreams[0].BaseAddress);
        });
        return services;
    }
}
