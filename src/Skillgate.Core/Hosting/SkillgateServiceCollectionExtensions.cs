using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Skillgate.AI;
using Skillgate.Redaction;
using Skillgate.Scheduling;
using Skillgate.Tokens;
using Skillgate.Upstream;

namespace Skillgate.Hosting;

/// <summary>Registers the in-process Skillgate pipeline.</summary>
public static class SkillgateServiceCollectionExtensions
{
    /// <summary>
    /// Adds Skillgate: options (validated at start-up), one <see cref="IUpstreamClient"/> per upstream (the default
    /// one unkeyed, every one keyed by its name), the <see cref="IRequestScheduler"/> over all keys (when
    /// <see cref="SkillgateOptions.EnableScheduler"/> says so; it then paces every upstream's attempts), the
    /// <see cref="ITokenEstimator"/>, a <see cref="Pseudonymizer"/> from <see cref="SkillgateOptions.Redaction"/>,
    /// and an <see cref="IChatClient"/> over the default upstream composed as redaction, then the scheduled transport.
    /// A keyed <see cref="IUpstreamKeySource"/> registered under an upstream's name replaces that upstream's key
    /// source (the scheduler, or round robin when the scheduler is off). Services registered before this call win.
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
        services.TryAddSingleton(sp => TokenEstimators.Create(meterFactory: sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new Pseudonymizer(Options(sp).Redaction, sp.GetService<IMeterFactory>()));
        // Null when the scheduler is off (Skillgate:EnableScheduler); GetRequiredService then throws.
        services.TryAddSingleton(sp => Options(sp).SchedulerEnabled
            ? RequestScheduler.Create(SchedulerOptionsFactory.Create(Options(sp)), sp.GetRequiredService<TimeProvider>(), sp.GetService<IMeterFactory>(), sp.GetService<ILoggerFactory>())
            : null!);
        services.TryAddSingleton<UpstreamClientRegistry>();
        services.TryAddSingleton(sp => sp.GetRequiredService<UpstreamClientRegistry>().Default);
        services.TryAddKeyedSingleton<IUpstreamClient>(KeyedService.AnyKey, (sp, key) => sp.GetRequiredService<UpstreamClientRegistry>().Get((string)key!));
        services.TryAddSingleton(sp =>
        {
            var options = Options(sp);
            var transport = new SkillgateChatClient(
                sp.GetRequiredService<IUpstreamClient>(),
                options.DefaultModel,
                options.DefaultMaxTokens,
                options.Upstreams[0].BaseAddress,
                sp.GetRequiredService<ITokenEstimator>(),
                sp.GetRequiredService<TimeProvider>());
            return new ChatClientBuilder(transport).UseSkillgateRedaction().Build(sp);
        });
        return services;
    }

    private static SkillgateOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<SkillgateOptions>>().Value;
}
