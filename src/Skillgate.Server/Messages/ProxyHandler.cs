using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;
using Skillgate.Server.Pipeline;

namespace Skillgate.Server.Messages;

/// <summary>
/// Handles every Anthropic-compatible endpoint: read, check, then <c>POST /v1/messages</c> through the pipeline
/// (redaction, scheduler, transport) and everything else relayed as bytes.
/// </summary>
internal sealed class ProxyHandler(IUpstreamForwarder forwarder, HttpRelay relay, TransportForwarder transport, IServiceProvider services, GatewayOptions options)
{
    private readonly MessagePipeline? _pipeline = services.GetService<MessagePipeline>();

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
        if (_pipeline is not null && kind == RequestKind.Messages && summary.Info is { } info)
        {
            var headers = context.Request.Headers;
            var call = await _pipeline.PrepareAsync(new PipelineInput
            {
                Tenant = request.Tenant,
                Body = body!,
                Info = info,
                Model = summary.Model,
                MaxTokens = summary.MaxTokens,
                Stream = summary.Stream,
                Headers = HeaderPolicy.ForUpstream(headers),
                DeadlineMs = headers[MessagePipeline.DeadlineHeader].ToString(),
                ConversationId = headers[MessagePipeline.ConversationHeader].ToString(),
            }, aborted);
            await transport.RelayAsync(context, request, call, _pipeline.Redactor, aborted);
            return;
        }

        if (_pipeline is not null && kind == RequestKind.CountTokens)
        {
            body = _pipeline.RedactForCounting(request.Tenant, body!);
        }

        var upstreamCall = new UpstreamCall(new HttpMethod(context.Request.Method), pathAndQuery, body, HeaderPolicy.ForUpstream(context.Request.Headers), request.Tenant)
        {
            Model = summary.Model,
            Streaming = summary.Stream,
            MaxTokens = summary.MaxTokens,
        };
        using var upstream = await forwarder.SendAsync(upstreamCall, aborted);
        await relay.RelayAsync(context, request, upstream, aborted);
    }
}
