using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Hosting;
using Skillgate.Simulator;

namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>The simulator as the upstream (HTTP/1.1, one key <see cref="UpstreamKey"/> allowing
/// <see cref="UpstreamRequestsPerMinute"/>, every request recorded) and a gateway in front of it, with a client.</summary>
public sealed class GatewayFixture : IAsyncDisposable
{
    /// <summary>The upstream key the gateway holds; it must never reach a caller, a log or a metric.</summary>
    public const string UpstreamKey = "sk-upstream-secret-0123456789";

    /// <summary>The upstream key's request limit, so the first request's <c>anthropic-ratelimit-requests-remaining</c> is 999.</summary>
    public const int UpstreamRequestsPerMinute = 1000;

    private readonly SimulatedGateway _inner;

    private GatewayFixture(SimulatedGateway inner)
    {
        _inner = inner;
        Client = new HttpClient { BaseAddress = inner.BaseUrl };
    }

    public SimulatorHost Simulator => _inner.Simulator;

    public GatewayHost Gateway => _inner.Gateway;

    public HttpClient Client { get; }

    /// <summary>Every request that reached the upstream, oldest first (none pushed out of the recording).</summary>
    public IReadOnlyList<RecordedRequest> Received
    {
        get
        {
            var received = Simulator.GetRecordedRequests();
            Assert.Equal(0, Simulator.RecordedRequestsDropped);
            return received;
        }
    }

    public static async Task<GatewayFixture> StartAsync(Action<GatewayOptions>? configure = null, Action<IServiceCollection>? services = null,
        Action<SimulatorOptions>? simulator = null)
    {
        var options = new SimulatorOptions
        {
            RecordRequests = 1000,
            Keys = { new SimulatorKeyOptions { Key = UpstreamKey, RequestsPerMinute = UpstreamRequestsPerMinute } },
        };
        simulator?.Invoke(options);
        return new GatewayFixture(await SimulatedGateway.StartAsync(configure, options, services, http2: false));
    }

    /// <summary>Sends <paramref name="body"/> straight to the upstream with the upstream key, bypassing the gateway
    /// (recorded like any request), and returns the response body: what the gateway should relay for the same request.</summary>
    public async Task<string> PostUpstreamAsync(string path, string body)
    {
        using var direct = new HttpClient { BaseAddress = Simulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", UpstreamKey);
        using var response = await direct.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Takes the upstream down (the gateway stays up).</summary>
    public ValueTask StopUpstreamAsync() => Simulator.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _inner.DisposeAsync();
    }
}
