namespace Skillgate.Server.Tests.Infrastructure;

/// <summary>
/// Tests that assert exact values scraped from <c>/metrics</c>. OpenTelemetry's meter provider listens to every meter
/// of a given name in the process, including those of other gateways that parallel tests start, so these tests run
/// alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Exact metrics";
}
