using Skillgate.Server.Hosting;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>A gateway in front of <see cref="FakeAnthropic"/> (see there for which tests need it), with a client.</summary>
public sealed class FakeAnthropicGateway : IAsyncDisposable
{
    private FakeAnthropicGateway(FakeAnthropic upstream, GatewayHost gateway)
    {
        Upstream = upstream;
        Gateway = gateway;
        Client = new HttpClient { BaseAddress = gateway.BaseAddress };
    }

    public FakeAnthropic Upstream { get; }

    public GatewayHost Gateway { get; }

    public HttpClient Client { get; }

    public static async Task<FakeAnthropicGateway> StartAsync(Action<GatewayOptions>? configure = null)
    {
        var upstream = await FakeAnthropic.StartAsync();
        var options = new GatewayOptions { Port = 0 };
        options.Upstream.BaseUrl = upstream.BaseUrl;
        options.Upstream.Keys.Add(FakeAnthropic.Key);
        configure?.Invoke(options);
        return new FakeAnthropicGateway(upstream, await GatewayHost.StartAsync(options));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
