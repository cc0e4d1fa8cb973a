using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Skillgate.Server.Hosting;

/// <summary>The running gateway: Kestrel with the Anthropic-compatible endpoints, <c>/v1/ws</c>, health and metrics.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>
    /// The address to reach the gateway at, e.g. <c>http://127.0.0.1:8080/</c> (the real port when 0 was asked;
    /// loopback when it listens on every interface).
    /// </summary>
    public Uri BaseAddress { get; }

    /// <summary>The gateway's services (for tests and embedding).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the gateway over <paramref name="options"/> and returns once it listens. The options are validated as
    /// the host starts, by the same validators as bound ones.
    /// </summary>
    /// <param name="options">The settings; a bad one fails with an <see cref="OptionsValidationException"/> naming its key.</param>
    /// <param name="configureServices">Adds or replaces services (logging providers, a <see cref="TimeProvider"/>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<GatewayHost> StartAsync(GatewayOptions options, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartAsync(services => services.AddSkillgateGateway(options), configureServices, cancellationToken);
    }

    /// <summary>
    /// Starts the gateway with its settings bound from the <c>Skillgate</c> section of <paramref name="configuration"/>
    /// (as <see cref="GatewayServiceCollectionExtensions.AddSkillgateGateway(IServiceCollection, IConfiguration)"/>)
    /// and returns once it listens.
    /// </summary>
    /// <param name="configuration">The configuration holding the <c>Skillgate</c> section.</param>
    /// <param name="configureServices">Adds or replaces services (logging providers, a <see cref="TimeProvider"/>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="OptionsValidationException">A setting is bad; the message names its key.</exception>
    public static Task<GatewayHost> StartAsync(IConfiguration configuration, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return StartAsync(services => services.AddSkillgateGateway(configuration), configureServices, cancellationToken);
    }

    private static async Task<GatewayHost> StartAsync(Action<IServiceCollection> addGateway, Action<IServiceCollection>? configureServices, CancellationToken cancellationToken)
    {
        var app = GatewayApplication.Build(addGateway, configureServices);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // The gateway's settings and the library options derived from them failed together: one error, the gateway's first.
            await app.DisposeAsync();
            var failures = ex.InnerExceptions.Cast<OptionsValidationException>()
                .OrderBy(e => e.OptionsType == typeof(GatewayOptions) ? 0 : 1)
                .SelectMany(e => e.Failures)
                .Distinct(StringComparer.Ordinal)
                .ToList();
            throw new OptionsValidationException(GatewayOptions.SectionName, typeof(GatewayOptions), failures);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var listening = new Uri(address.EndsWith('/') ? address : address + "/");

        // Bound to every interface: hand out the loopback address, which a local caller can connect to.
        var baseAddress = listening.Host is "0.0.0.0" or "[::]" ? new UriBuilder(listening) { Host = "127.0.0.1" }.Uri : listening;
        var log = app.Services.GetRequiredService<ILogger<GatewayHost>>();
        GatewayLog.Listening(log, listening);
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.ClientKeys.Count == 0)
        {
            GatewayLog.LoopbackOnly(log);
        }

        return new GatewayHost(app, baseAddress);
    }

    /// <summary>Waits until the gateway stops (or <paramref name="cancellationToken"/> fires, which stops it).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        using var registration = cancellationToken.Register(lifetime.StopApplication);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStopping = lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
        await stopped.Task;
        await _app.StopAsync(CancellationToken.None);
    }

    /// <summary>Stops listening and lets requests in flight finish within the host's shutdown timeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    internal static IPAddress ResolveListenAddress(GatewayOptions options) =>
        options.ListenAddress is { } configured ? IPAddress.Parse(configured)
        : options.ClientKeys.Count > 0 ? IPAddress.Any
        : IPAddress.Loopback;
}
