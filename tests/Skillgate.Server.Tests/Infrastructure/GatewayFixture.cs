using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>A fake upstream and a gateway in front of it, both on loopback ports.</summary>
public sealed class GatewayFixture : IAsyncDisposable
{
    private GatewayFixture(FakeAnthropic upstream, GatewayHost gateway, HttpClient client)
    {
        Upstream = upstream;
        Gateway = gateway;
        Client = client;
    }

    public FakeAnthropic Upstream { get; }

    public GatewayHost Gateway { get; }

    public HttpClient Client { get; }

    public static async Task<GatewayFixture> StartAsync(Action<GatewayOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var upstream = await FakeAnthropic.StartAsync();
        var options = new GatewayOptions { Port = 0 };
        options.Upstream.BaseUrl = upstream.BaseUrl;
        options.Upstream.Keys.Add(FakeAnthropic.Key);
        configure?.Invoke(options);
        var gateway = await GatewayHost.StartAsync(options, services);
        var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        return new GatewayFixture(upstream, gateway, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
