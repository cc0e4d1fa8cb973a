using Skillgate.Server.Auth;

namespace Skillgate.Server.Hosting;

/// <summary>What the gateway knows about the request in flight: when it arrived and whose it is.</summary>
internal sealed class GatewayRequestFeature(long startTimestamp)
{
    public long StartTimestamp { get; } = startTimestamp;

    public Tenant Tenant { get; set; } = Tenant.Anonymous;
}
