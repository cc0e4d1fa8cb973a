using System.Net.Http.Json;
using Skillgate.Simulator;

namespace Skillgate.Cli.Commands.Bench;

/// <summary>The simulator a bench runs against: started in-process, or already running elsewhere
/// (<c>--url</c>), whose stats are then read over HTTP.</summary>
internal sealed class SimTarget : IAsyncDisposable
{
    private readonly SimulatorHost? _host;
    private readonly HttpClient? _http;

    private SimTarget(SimulatorHost? host, HttpClient? http, Uri baseAddress, Uri http2Address)
    {
        _host = host;
        _http = http;
        BaseAddress = baseAddress;
        Http2Address = http2Address;
    }

    public Uri BaseAddress { get; }

    public Uri Http2Address { get; }

    public bool InProcess => _host is not null;

    public static async Task<SimTarget> StartAsync(SimBenchSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Url is null)
        {
            var host = await SimulatorHost.StartAsync(new SimulatorOptions(), cancellationToken);
            return new SimTarget(host, null, host.BaseAddress, host.Http2Address!);
        }

        var baseAddress = new Uri(settings.Url);
        var http2 = settings.Http2Url is null
            ? new UriBuilder(baseAddress) { Port = baseAddress.Port + 1 }.Uri
            : new Uri(settings.Http2Url);
        return new SimTarget(null, new HttpClient { BaseAddress = baseAddress }, baseAddress, http2);
    }

    public async Task<SimulatorStats> GetStatsAsync(CancellationToken cancellationToken) =>
        _host is not null
            ? _host.GetStats()
            : (await _http!.GetFromJsonAsync("/sim/stats", SimBenchJsonContext.Default.SimulatorStats, cancellationToken))!;

    public async Task ResetStatsAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            _host.ResetStats();
            return;
        }

        using var response = await _http!.PostAsync("/sim/stats/reset", null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
