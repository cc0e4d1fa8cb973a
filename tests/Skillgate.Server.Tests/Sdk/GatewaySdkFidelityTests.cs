using Skillgate.Server.Hosting;
using Skillgate.Simulator;
using Skillgate.Testing;

namespace Skillgate.Server.Tests.Sdk;

/// <summary>
/// The simulator's SDK fidelity suite with the gateway in between, on its default path (redaction, the scheduler,
/// the upstream transport): the SDK knows only the gateway's URL and a gateway client key. The "sk-sim-slow" client
/// key is a tenant pinned to the simulator's rate-limited key (60 requests per minute).
/// </summary>
/// <remarks>
/// Legitimate differences from the simulator, and how this class meets them:
/// <list type="bullet">
/// <item>The scheduler learns the slow key's limit from the rate-limit headers and holds a request back instead of
/// sending it into a 429. The slow tenant's admission deadline is short, so once the key is spent the gateway itself
/// answers 429 <c>rate_limit_error</c> with <c>retry-after</c> at once (what <c>ExhaustSlowKeyAsync</c> waits for),
/// rather than queueing each call for a second; with the default deadline of one minute, the 200 calls would
/// all succeed, slowly.</item>
/// <item>So in the retry test the evidence differs (<see cref="AssertHeldBackForTheRateLimit"/>): the caller is still
/// held back for the refill (the base asserts that), but the simulator must see no 429 and only the one admitted
/// request.</item>
/// <item>A 403 quarantines the key that drew it (the only shared key here) for a minute; later calls wait for its
/// probe. The base suite checks the 403 in a test of its own for that reason.</item>
/// </list>
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
        options.ClientKeys.Add(new ClientKeyOptions { Key = ClientKey, Tenant = "fidelity" });
        var slow = new ClientKeyOptions { Key = "sk-sim-slow", Tenant = "slow", Deadline = TimeSpan.FromMilliseconds(250) };
        slow.UpstreamKeys.Add("sk-sim-slow");
        options.ClientKeys.Add(slow);
        _gateway = await GatewayHost.StartAsync(options);
        return (_gateway.BaseAddress, ClientKey);
    }

    /// <summary>Through a correct gateway the exhausted key is never sent a request it would refuse: the simulator
    /// sees no 429 and exactly the one request the gateway admitted after the refill.</summary>
    protected override void AssertHeldBackForTheRateLimit(SimulatorKeyStats slowKey)
    {
        ArgumentNullException.ThrowIfNull(slowKey);
        Assert.Equal(0, slowKey.RateLimited);
        Assert.Equal(1, slowKey.Requests);
    }

    protected override async Task StopTargetAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }
}
