using Microsoft.Extensions.Logging;
using Skillgate.Server.Hosting;
using Skillgate.Server.Metrics;

namespace Skillgate.Server.WebSockets;

/// <summary>What every <see cref="WebSocketSession"/> shares.</summary>
internal sealed class WebSocketServices(GatewayOptions options, StreamRegistry registry, StreamProducer producer, GatewayMetrics metrics, TimeProvider time, ILogger<WebSocketSession> logger)
{
    public GatewayOptions Options { get; } = options;

    public StreamRegistry Registry { get; } = registry;

    public StreamProducer Producer { get; } = producer;

    public GatewayMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;
}
