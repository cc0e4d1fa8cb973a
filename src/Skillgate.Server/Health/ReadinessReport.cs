namespace Skillgate.Server.Health;

/// <summary>The result of a readiness check.</summary>
internal sealed record ReadinessReport(bool UpstreamReachable, int KeysAvailable)
{
    public bool Ready => UpstreamReachable && KeysAvailable > 0;
}
