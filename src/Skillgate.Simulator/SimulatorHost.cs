using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Skillgate.Simulator.Hosting;

namespace Skillgate.Simulator;

/// <summary>The Anthropic API simulator running on Kestrel, for tests, benchmarks and offline runs:
/// <c>await using var sim = await SimulatorHost.StartAsync(options);</c> then point a client at
/// <see cref="BaseAddress"/> (HTTP/1.1) or <see cref="Http2Address"/> (h2c, HTTP/2 with prior knowledge).</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorState _state;
    private int _disposed;

    private SimulatorHost(WebApplication app, SimulatorState state, Uri baseAddress, Uri? http2Address)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
        Http2Address = http2Address;
    }

    /// <summary>The HTTP/1.1 base address, e.g. <c>http://127.0.0.1:4000</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The h2c base address (HTTP/2 with prior knowledge), or null when disabled.</summary>
    public Uri? Http2Address { get; }

    /// <summary>The options the simulator runs with.</summary>
    public SimulatorOptions Options => _state.Options;

    /// <summary>The API keys it accepts.</summary>
    public IReadOnlyList<string> Keys => _state.KeyList.Select(k => k.Key).ToArray();

    /// <summary>Validates <paramref name="options"/>, binds the ports and starts serving.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var state = new SimulatorState(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        ListenOptions? http1 = null, http2 = null;
        var address = IPAddress.Parse(options.Host);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 20_000;
            kestrel.Limits.Http2.InitialConnectionWindowSize = 16 * 1024 * 1024;
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                http1 = listen;
            });
            if (options.Http2Port >= 0)
            {
                kestrel.Listen(address, options.Http2Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    http2 = listen;
                });
            }
        });

        var app = builder.Build();
        SimulatorEndpoints.Map(app, state);
        await app.StartAsync(cancellationToken);
        var host = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        var baseAddress = new Uri($"http://{host}:{http1!.IPEndPoint!.Port}");
        var http2Address = http2 is null ? null : new Uri($"http://{host}:{http2.IPEndPoint!.Port}");
        return new SimulatorHost(app, state, baseAddress, http2Address);
    }

    /// <summary>The counters of <c>GET /sim/stats</c>, read in-process.</summary>
    public SimulatorStats GetStats() => _state.GetStats();

    /// <summary>The counters of <c>GET /sim/stats</c>, read in-process.</summary>
    public Task<SimulatorStats> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_state.GetStats());
    }

    /// <summary>Sets every counter back to zero (peak in flight to the current in flight).</summary>
    public void ResetStats() => _state.ResetStats();

    /// <summary>The last <see cref="SimulatorOptions.RecordRequests"/> requests received (any route but <c>/sim/...</c>),
    /// oldest first, recorded when they arrived; <see cref="RecordedRequestsDropped"/> says how many older ones were
    /// pushed out. Throws <see cref="InvalidOperationException"/> when recording is off, so a test asserting that the
    /// upstream never saw something cannot pass by looking at nothing.</summary>
    public IReadOnlyList<RecordedRequest> GetRecordedRequests() => Recorder.Snapshot();

    /// <summary>How many recorded requests were pushed out of the buffer since the start or the last clear.</summary>
    public long RecordedRequestsDropped => Recorder.Dropped;

    /// <summary>Forgets the recorded requests.</summary>
    public void ClearRecordedRequests() => Recorder.Clear();

    private RequestRecorder Recorder => _state.Recorder
        ?? throw new InvalidOperationException("Request recording is off: set SimulatorOptions.RecordRequests to the number of requests to keep.");

    /// <summary>Stops serving; open streams are aborted after <paramref name="cancellationToken"/> fires.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Stops serving (open streams are aborted after 2 s) and releases the host; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await _app.StopAsync(cts.Token);
        }

        await _app.DisposeAsync();
    }
}
