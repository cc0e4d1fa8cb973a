using Microsoft.AspNetCore.Http;
using Skillgate.Server.Forwarding;
using Skillgate.Server.Hosting;

namespace Skillgate.Server.Messages;

/// <summary><c>POST /v1/messages</c>: read and check the body once, then <see cref="MessageExecutor"/> through the HTTP sink.</summary>
internal sealed class MessagesHandler(MessageHttpWriter writer, GatewayOptions options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var feature = context.Features.Get<GatewayRequestFeature>() ?? throw new InvalidOperationException("GatewayMiddleware did not run.");
        var aborted = context.RequestAborted;
        var headers = context.Request.Headers;
        var body = await RequestBody.ReadAsync(context.Request, options.MaxRequestBodyBytes, aborted);
        var info = RequestValidator.ValidateMessages(body, requireMaxTokens: true);
        var request = new MessageRequest
        {
            Tenant = feature.Tenant,
            Body = body,
            Info = info,
            Model = info.Model,
            MaxTokens = (int)Math.Clamp(info.MaxTokens, 0, int.MaxValue),
            Stream = info.Stream,
            Headers = HeaderPolicy.ForUpstream(headers),
            MaxWait = MessageHeaders.MaxWait(headers),
            ConversationId = headers[MessageHeaders.Conversation].ToString() is { Length: > 0 } conversation ? conversation : null,
            ContinuePauseTurns = MessageHeaders.Count(headers, PauseTurns.Header),
            StartTimestamp = feature.StartTimestamp,
        };
        await writer.WriteAsync(context, request, aborted);
    }
}
