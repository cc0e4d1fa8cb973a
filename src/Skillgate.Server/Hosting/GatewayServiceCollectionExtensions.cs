using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Skillgate.Server.Hosting;

/// <summary>Registers the Skillgate gateway in an ASP.NET Core application (map it with <see cref="GatewayEndpointRouteBuilderExtensions.MapSkillgateGateway"/>).</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway's services, with <see cref="GatewayOptions"/> bound from the <c>Skillgate</c> section of
    /// <paramref name="configuration"/> and validated when the host starts: a bad setting fails start-up with an
    /// <see cref="OptionsValidationException"/> naming its key (e.g. <c>Skillgate:Upstream:BaseUrl</c>).
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The configuration holding the <c>Skillgate</c> section (its root, not the section).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSkillgateGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(GatewayOptions.SectionName);
        services.AddOptions<GatewayOptions>().Bind(section).ValidateOnStart();

        // Which upstreams and keyed services exist is decided here, from the same section the options bind to.
        GatewayApplication.AddServices(services, section.Get<GatewayOptions>() ?? new GatewayOptions());
        return services;
    }

    /// <summary>Adds the gateway's services over <paramref name="options"/> as built by the caller; validated when the host starts.</summary>
    internal static IServiceCollection AddSkillgateGateway(this IServiceCollection services, GatewayOptions options)
    {
        services.AddOptions<GatewayOptions>().ValidateOnStart();
        services.AddSingleton<IOptionsFactory<GatewayOptions>>(sp => new PresetOptionsFactory(
            options,
            sp.GetServices<IConfigureOptions<GatewayOptions>>(),
            sp.GetServices<IPostConfigureOptions<GatewayOptions>>(),
            sp.GetServices<IValidateOptions<GatewayOptions>>()));
        GatewayApplication.AddServices(services, options);
        return services;
    }

    internal static void AddValidation(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
}
