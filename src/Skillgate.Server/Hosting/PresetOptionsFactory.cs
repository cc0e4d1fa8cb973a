using Microsoft.Extensions.Options;

namespace Skillgate.Server.Hosting;

/// <summary>
/// The options factory of a host that was handed its <see cref="GatewayOptions"/> built (<see cref="GatewayHost"/>):
/// the options system configures and validates that instance instead of a new one, so the caller's object is the one
/// the services see, and a bad setting fails start-up through the registered validators like a bound one.
/// </summary>
internal sealed class PresetOptionsFactory(
    GatewayOptions instance,
    IEnumerable<IConfigureOptions<GatewayOptions>> setups,
    IEnumerable<IPostConfigureOptions<GatewayOptions>> postConfigures,
    IEnumerable<IValidateOptions<GatewayOptions>> validations)
    : OptionsFactory<GatewayOptions>(setups, postConfigures, validations)
{
    protected override GatewayOptions CreateInstance(string name) => instance;
}
