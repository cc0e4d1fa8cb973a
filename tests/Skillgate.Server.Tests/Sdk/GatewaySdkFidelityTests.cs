using Skillgate.Server.Hosting;
using Skillgate.Simulator;
using Skillgate.Simulator.Tests.Fidelity;

namespace Skillgate.Server.Tests.Sdk;

/// <summary>
/// The simulator's SDK fidelity suite with the gateway in between: the SDK knows only the gateway's URL and a
/// gateway client key. The "sk-sim-slow" client key is a tenant pinned to the simulator's rate-limited key,
/// so its 429s come from upstream through the gateway.
/// </summary>
public sealed class GatewaySdkFidelityTests : AnthropicSdkFidelityTests
{
    private const string ClientKey = "sg-fidelity-0123456789";
    private GatewayHost? _gateway;

    protected override async Task<(Uri Address, string Key)> StartTargetAsync(SimulatorHost simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var options = new GatewayOptions { Port = 0, ListenAddress = "127.0.0.1" };
        options.Upstream.BaseUrl = simulator.BaseAddress;
        options.Upstream.Keys.Add(SimulatorOptions.DefaultKey);
        options.ClientKeys.Add(new ClientKeyOptions { Key = ClientKey, Tenant = "fidelity" });
        var slow = new ClientKeyOptions { Key = "sk-sim-slow", Tenant = "slow" };
        slow.UpstreamKeys.Add("sk-sim-slow");
        options.ClientKeys.Add(slow);
        _gateway = await GatewayHost.StartAsync(options);
        return (_gateway.BaseAddress, ClientKey);
    }

    protected override async Task StopTargetAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
