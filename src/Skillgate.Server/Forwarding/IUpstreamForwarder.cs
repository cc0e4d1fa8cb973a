namespace Skillgate.Server.Forwarding;

/// <summary>The one seam between the gateway's endpoints and the upstream pipeline.</summary>
internal interface IUpstreamForwarder
{
    /// <summary>Sends <paramref name="call"/> and returns once the response headers arrived.</summary>
    /// <exception cref="Errors.GatewayException">The upstream could not be reached or did not answer in time.</exception>
    Task<UpstreamResponse> SendAsync(UpstreamCall call, CancellationToken cancellationToken = default);

    /// <summary>Whether the upstream answers at all (used by <c>/readyz</c>).</summary>
    Task<bool> ProbeAsync(CancellationToken cancellationToken = default);
}
