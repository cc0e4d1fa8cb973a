using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Hosting;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>The simulator and a gateway forwarding to it over h2c, as <c>skillgate serve</c> runs them offline
/// (or over HTTP/1.1 with <c>http2: false</c>).</summary>
public sealed class SimulatedGateway : IAsyncDisposable
{
    private SimulatedGateway(SimulatorHost simulator, GatewayHost gateway)
    {
        Simulator = simulator;
        Gateway = gateway;
    }

    public SimulatorHost Simulator { get; }

    public GatewayHost Gateway { get; }

    public Uri BaseUrl => Gateway.BaseAddress;

    public static async Task<SimulatedGateway> StartAsync(Action<GatewayOptions>? configure = null, SimulatorOptions? simulatorOptions = null, Action<IServiceCollection>? configureServices = null, bool http2 = true)
    {
        simulatorOptions ??= new SimulatorOptions();
        simulatorOptions.Port = 0;
        simulatorOptions.Http2Port = 0;
        var simulator = await SimulatorHost.StartAsync(simulatorOptions);
        var options = new GatewayOptions { Port = 0 };
        options.Upstream.BaseUrl = http2 ? simulator.Http2Address : simulator.BaseAddress;
        options.Upstream.Http2 = http2;
        foreach (var key in simulator.Keys)
        {
            options.Upstream.Keys.Add(key);
        }

        configure?.Invoke(options);
        var gateway = await GatewayHost.StartAsync(options, configureServices);
        return new SimulatedGateway(simulator, gateway);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
