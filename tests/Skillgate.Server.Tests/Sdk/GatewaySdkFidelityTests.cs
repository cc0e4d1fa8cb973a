using Skillgate.Server.Hosting;
using Skillgate.Simulator;
using Skillgate.Simulator.Tests.Fidelity;

namespace Skillgate.Server.Tests.Sdk;

/// <summary>
/// The simulator's SDK fidelity suite with the gateway in between: the SDK knows only the gateway's URL and a
/// gateway client key. The "sk-sim-slow" client key is a tenant pinned to the simulator's rate-limited key,
/// so its 429s come from upstream through the gateway.
/// </summary>
/// <remarks>
/// This class runs the gateway with <c>Upstream:Transport = false</c>, as a plain relay. The pipeline legitimately
/// absorbs what three base tests need to surface: its scheduler learns the slow key's 60 RPM from the rate-limit
/// headers and queues instead of sending, and any transport key source waits out a 429's retry-after before the next
/// attempt — so neither the upstream 429 (Errors, Exhaust) nor the SDK's own retry after one (SdkRetries, which
/// asserts that the simulator refused) would ever be seen; and the forced <c>[[sim:fault=403]]</c> takes the only
/// shared key out of service (as a 403 must), failing the 402/503/500 checks after it. The same SDK calls through
/// the pipeline are covered by <see cref="TransportModeTests"/> and <c>Pipeline/PipelineTests</c>.
/// </remarks>
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
        options.Upstream.Transport = false;
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
