using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Skillgate.Server.Hosting;

/// <summary>Logs where the gateway forwards to and how its pipeline is set once the host starts (after its options were validated).</summary>
internal sealed class GatewayStartupLog(IOptions<GatewayOptions> options, ILogger<GatewayHost> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var gateway = options.Value;
        var upstream = gateway.Upstream;
        GatewayLog.Upstream(logger, upstream.BaseUrl!, upstream.Keys.Count, upstream.Http2);
        GatewayLog.Pipeline(logger, gateway.Scheduler.Enabled, gateway.Redaction.Mode.ToString());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
