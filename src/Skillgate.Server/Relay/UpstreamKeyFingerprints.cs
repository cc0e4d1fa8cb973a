using Skillgate.Server.Hosting;
using Skillgate.Server.Pipeline;
using Skillgate.Upstream;

namespace Skillgate.Server.Relay;

/// <summary>The fingerprints of each transport upstream's keys (each key may be its own workspace), computed once.</summary>
internal sealed class UpstreamKeyFingerprints(GatewayOptions options)
{
    private readonly Dictionary<string, IReadOnlyList<string>> _byUpstream = PipelineUpstreams.All(options)
        .DistinctBy(u => u.Transport.Name)
        .ToDictionary(u => u.Transport.Name, u => (IReadOnlyList<string>)[.. u.Transport.Keys.Select(k => new UpstreamSecret(k.Value!).Fingerprint).Distinct()]);

    public IReadOnlyList<string> For(string upstream) => _byUpstream.TryGetValue(upstream, out var keys) ? keys : [];
}
