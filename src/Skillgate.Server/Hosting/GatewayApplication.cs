using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Routing;
using Skillgate.Server.Auth;
using Skillgate.Server.Conversations;
using Skillgate.Server.Dashboard;
using Skillgate.Server.Ownership;
using Skillgate.Server.Relay;
using Skillgate.Server.Health;
using Skillgate.Server.Messages;
using Skillgate.Server.Metrics;
using Skillgate.Server.WebSockets;
using System.Diagnostics.Metrics;
using Skillgate.Hosting;
using Skillgate.Redaction;
using Skillgate.Scheduling;
using Skillgate.Server.Pipeline;
using Skillgate.Server.SkillRuns;
using Skillgate.Tokens;
using Skillgate.Upstream;
using Skillgate.Telemetry;

namespace Skillgate.Server.Hosting;

/// <summary>Composes the gateway's services, middleware and endpoints.</summary>
internal static class GatewayApplication
{
    /// <summary>
    /// Everything but the message path (health, client keys, metrics), then the message path. <paramref name="options"/>
    /// decides which services exist (the pipeline's upstreams); the services themselves read
    /// <see cref="IOptions{GatewayOptions}"/>, validated when the host starts.
    /// </summary>
    public static void AddServices(IServiceCollection services, GatewayOptions options)
    {
        GatewayServiceCollectionExtensions.AddValidation(services);
        services.AddRouting();
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<GatewayOptions>>().Value);
        services.AddSingleton<GatewayMetrics>();
        services.AddHostedService<GatewayStartupLog>();

        // One estimator for the process: the pipeline's admissions and the conversations' budgets learn from every answer.
        services.TryAddSingleton(sp => TokenEstimators.Create(meterFactory: sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new ClientKeyStore(sp.GetRequiredService<GatewayOptions>().ClientKeys, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<AdminAccess>();
        services.AddSingleton<DashboardGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardGauges>());
        services.AddSingleton<DashboardHub>();
        AddMessagePath(services, options);
        GatewayOpenTelemetry.Add(services);
    }

    /// <summary>The gateway's endpoints, in a group so that the host can add conventions to all of them.</summary>
    public static IEndpointConventionBuilder MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        group.MapPrometheusScrapingEndpoint("/metrics");
        group.MapHealth();
        group.MapDashboard();
        group.MapMessages();
        group.MapWebSocketStreams();
        group.MapConversations();
        group.MapSkillRuns();
        return group;
    }

    /// <summary>
    /// The application of <see cref="GatewayHost"/>: Kestrel on the configured address and port, the gateway's services
    /// (<paramref name="addGateway"/>), its middleware on every path and its endpoints.
    /// </summary>
    public static WebApplication Build(Action<IServiceCollection> addGateway, Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value;
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MaxConcurrentUpgradedConnections = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 10_000;
            kestrel.Listen(GatewayHost.ResolveListenAddress(options), options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        GatewayOpenTelemetry.AddOtelVariables(builder.Configuration);
        addGateway(builder.Services);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();

        // The host owns the whole application: unknown paths get Anthropic's 404 too.
        GatewayEndpointRouteBuilderExtensions.UseGatewayMiddleware(app);
        app.UseRouting();
        app.MapSkillgateGateway();
        return app;
    }

    /// <summary>
    /// The message path: the transports and the scheduler, the executor of Messages calls and its sinks (HTTP, WebSocket,
    /// conversations), and the relay of every other <c>/v1/...</c> call with the objects' owners.
    /// </summary>
    private static void AddMessagePath(IServiceCollection services, GatewayOptions options)
    {
        AddPipeline(services, options);
        services.AddSingleton<ObjectOwners>();
        services.AddSingleton<MessageExecutor>();
        services.AddSingleton<MessageHttpWriter>();
        services.AddSingleton<MessagesHandler>();
        services.AddSingleton<UpstreamKeyFingerprints>();
        services.AddSingleton<ApiRelay>();
        services.AddSingleton<StreamRegistry>();
        services.AddSingleton<StreamProducer>();
        services.AddSingleton<WebSocketServices>();
        services.AddConversations();
        services.AddSkillRuns();
    }

    /// <summary>The pipeline of DESIGN.md for Messages calls: redaction, the scheduler as the transport's key source, the transport.</summary>
    private static void AddPipeline(IServiceCollection services, GatewayOptions options)
    {
        var upstreams = PipelineUpstreams.All(options).ToList();
        services.AddSkillgate(skillgate =>
        {
            // The gateway brings its own scheduler (below), keyed per scheduled upstream; the library's stays off.
            skillgate.EnableScheduler = false;
            skillgate.Telemetry = options.Telemetry;
            foreach (var (transport, _) in upstreams)
            {
                skillgate.Upstreams.Add(transport);
            }
        });
        if (upstreams.Exists(u => u.Scheduled))
        {
            services.AddSingleton(sp => RequestScheduler.Create(
                PipelineUpstreams.Scheduler(options), sp.GetRequiredService<TimeProvider>(), sp.GetService<IMeterFactory>(), sp.GetService<ILoggerFactory>()));
            foreach (var (transport, scheduled) in upstreams.Where(u => u.Scheduled))
            {
                services.AddKeyedSingleton<IUpstreamKeySource>(
                    transport.Name, (sp, _) => sp.GetRequiredService<IRequestScheduler>().AsKeySource(timeProvider: sp.GetRequiredService<TimeProvider>()));
            }
        }

        services.AddSingleton(sp => new Pseudonymizer(options.Redaction, new EntityRecognizer(options.Redaction), VaultStore(options), sp.GetService<IMeterFactory>()));
        services.AddSingleton<RequestRedactor>();
        services.AddSingleton<BatchRedactor>();
    }

    /// <summary>
    /// Where sealed vaults are kept: the gateway's store (<c>Conversations:Store</c>: the SQLite file, or Redis), opened
    /// on first use. Without <c>Redaction:Key</c> the vault key is random per process, so a vault sealed before a
    /// restart could never be opened again: they are kept in memory instead.
    /// </summary>
    private static IPseudonymVaultStore? VaultStore(GatewayOptions options)
    {
        if (string.IsNullOrEmpty(options.Redaction.Key))
        {
            return null;
        }

        var store = options.Conversations.Store.Trim();
        if (store.StartsWith(StoreNames.RedisPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var connection = new Lazy<Task<StackExchange.Redis.ConnectionMultiplexer>>(
                () => StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(store[StoreNames.RedisPrefix.Length..]));
            return Skillgate.Redis.RedisStores.CreateVaultStore(async () => await connection.Value);
        }

        var path = store.StartsWith(StoreNames.SqlitePrefix, StringComparison.OrdinalIgnoreCase) ? store[StoreNames.SqlitePrefix.Length..] : store;
        return VaultStores.CreateSqlite(new Skillgate.Storage.SqliteStoreOptions { Path = path });
    }
}
