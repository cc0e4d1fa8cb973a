using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Skillgate.Server.Auth;
using Skillgate.Server.Conversations;
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
using Skillgate.Tokens;
using Skillgate.Upstream;
using Skillgate.Telemetry;

namespace Skillgate.Server.Hosting;

/// <summary>Composes the gateway's services, middleware and endpoints.</summary>
internal static class GatewayApplication
{
    public static WebApplication Build(GatewayOptions options, Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Limits.MaxConcurrentUpgradedConnections = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 10_000;
            kestrel.Listen(GatewayHost.ResolveListenAddress(options), options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var services = builder.Services;
        services.AddRouting();
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<GatewayMetrics>();

        // One estimator for the process: the pipeline's admissions and the conversations' budgets learn from every answer.
        services.TryAddSingleton(sp => TokenEstimators.Create(meterFactory: sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => new ClientKeyStore(options.ClientKeys, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReadinessProbe>();
        AddMessagePath(services, options);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SkillgateTelemetry.GatewayName, SkillgateTelemetry.PipelineName, SkillgateTelemetry.SchedulerName, SkillgateTelemetry.RedactionName)
            .AddPrometheusExporter());
        configureServices?.Invoke(services);

        var app = builder.Build();
        var upstream = options.Upstream;
        var log = app.Services.GetRequiredService<ILogger<GatewayHost>>();
        GatewayLog.Upstream(log, upstream.BaseUrl!, upstream.Keys.Count, upstream.Http2);
        GatewayLog.Pipeline(log, options.Scheduler.Enabled, options.Redaction.Mode.ToString());
        app.UseMiddleware<GatewayMiddleware>();
        app.UseWebSockets();
        app.UseRouting();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHealth();
        app.MapMessages();
        app.MapWebSocketStreams();
        app.MapConversations();
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
    }

    /// <summary>The pipeline of DESIGN.md for Messages calls: redaction, the scheduler as the transport's key source, the transport.</summary>
    private static void AddPipeline(IServiceCollection services, GatewayOptions options)
    {
        var upstreams = PipelineUpstreams.All(options).ToList();
        services.AddSkillgate(skillgate =>
        {
            // The gateway brings its own scheduler (below), keyed per scheduled upstream; the library's stays off.
            skillgate.EnableScheduler = false;
            foreach (var (transport, _) in upstreams)
            {
                skillgate.Upstreams.Add(transport);
            }
        });
        if (upstreams.Exists(u => u.Scheduled))
        {
            services.AddSingleton(sp => RequestScheduler.Create(
                PipelineUpstreams.Scheduler(options), sp.GetRequiredService<TimeProvider>(), sp.GetService<IMeterFactory>()));
            foreach (var (transport, scheduled) in upstreams.Where(u => u.Scheduled))
            {
                services.AddKeyedSingleton<IUpstreamKeySource>(
                    transport.Name, (sp, _) => sp.GetRequiredService<IRequestScheduler>().AsKeySource(timeProvider: sp.GetRequiredService<TimeProvider>()));
            }
        }

        services.AddSingleton(sp => new Pseudonymizer(options.Redaction, sp.GetService<IMeterFactory>()));
        services.AddSingleton<RequestRedactor>();
    }
}
