using Microsoft.AspNetCore.Http;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Upstream;

namespace Skillgate.Server.Messages;

/// <summary>Handles every Anthropic-compatible endpoint the same way: read, check, forward as bytes, relay.</summary>
internal sealed class ProxyHandler(IUpstreamForwarder forwarder, HttpRelay relay, TransportForwarder transport, GatewayOptions options)
{
    public async Task HandleAsync(HttpContext context, RequestKind kind)
    {
        var request = context.Features.Get<GatewayRequestFeature>() ?? throw new InvalidOperationException("GatewayMiddleware did not run.");
        var aborted = context.RequestAborted;
        byte[]? body = null;
        var summary = default(RequestSummary);
        if (kind != RequestKind.NoBody)
        {
            body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, aborted);
            summary = RequestValidator.Validate(body, kind);
        }

        var pathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value;
        if (options.Upstream.Transport && summary.Info is { } info)
        {
            await transport.RelayAsync(context, request, new UpstreamRequest(body!, summary.Stream)
            {
                Path = pathAndQuery,
                Model = info.Model,
                MaxTokens = info.MaxTokens,
                EstimatedInputTokens = info.EstimatedInputTokens,
                Headers = HeaderPolicy.ForUpstream(context.Request.Headers),
            }, aborted);
            return;
        }

        var call = new UpstreamCall(new HttpMethod(context.Request.Method), pathAndQuery, body, HeaderPolicy.ForUpstream(context.Request.Headers), request.Tenant)
        {
            Model = summary.Model,
            Streaming = summary.Stream,
            MaxTokens = summary.MaxTokens,
        };
        using var upstream = await forwarder.SendAsync(call, aborted);
        await relay.RelayAsync(context, request, upstream, aborted);
    }
}
